using ParameterServer.Trainer.Data;
using ParameterServer.Trainer.Data.MovieLens;

namespace ParameterServer.Trainer.Tests.Data;

public sealed class MovieLensReaderTests
{
    [Fact]
    public void Ml100KHasTheOfficialCounts()
    {
        var data = MovieLensData.Load(DataFiles.MovieLens100K);

        Assert.Equal(100_000, data.Ratings.Length);
        Assert.Equal(943, data.Ratings.Select(r => r.User).Distinct().Count());
        Assert.Equal(1_682, data.Ratings.Select(r => r.Item).Distinct().Count());
        Assert.Equal(1_682, data.Movies.Count);
        Assert.Equal(943, data.Users.Count);
        var stars = data.Ratings.GroupBy(r => r.Stars).OrderBy(g => g.Key).Select(g => g.Count()).ToArray();
        Assert.Equal([6_110, 11_370, 27_145, 34_174, 21_201], stars);
        Assert.Equal(874_724_710, data.Ratings[0].Timestamp);
        Assert.Equal(893_286_638, data.Ratings[^1].Timestamp);
        Assert.True(data.Ratings.Zip(data.Ratings.Skip(1)).All(p => p.First.Timestamp <= p.Second.Timestamp), "ratings are sorted by time");
        Assert.Equal(0, data.SkippedLines);
    }

    [Fact]
    public void Ml100KFirstLineAndMetadataParse()
    {
        using var reader = new RatingReader(Path.Combine(DataFiles.MovieLens100K, "u.data"), MovieLensFormat.Tab100K);
        Assert.True(reader.TryRead(out var first));
        Assert.Equal(new Rating(196, 242, 3, 881_250_949), first);

        var data = MovieLensData.Load(DataFiles.MovieLens100K);
        var toyStory = data.Movies[1];
        Assert.Equal("Toy Story (1995)", toyStory.Title);
        Assert.Equal(1995, toyStory.Year);
        var genres = Enumerable.Range(0, MovieLensGenres.Names.Length).Where(g => (toyStory.Genres & (1u << g)) != 0).Select(g => MovieLensGenres.Names[g]);
        Assert.Equal(["Animation", "Children's", "Comedy"], genres);
        Assert.Equal(new MovieLensUser(1, 24, false, ValueCode.Of("technician"u8), ValueCode.Of("857"u8)), data.Users[1]);
    }

    [Fact]
    public void MalformedRatingNamesFileAndLine()
    {
        using var folder = new TempFolder();
        var file = folder.Write("u.data", "1\t2\t3\t881250949\n1\t3\t9\t881250950\n");
        using var reader = new RatingReader(file, MovieLensFormat.Tab100K);
        Assert.True(reader.TryRead(out _));
        var error = Assert.Throws<DataFormatException>(() => reader.TryRead(out _));
        Assert.Equal(file, error.File);
        Assert.Equal(2, error.Line);
        Assert.Contains($"{file}, line 2: rating '9' is not an integer from 1 to 5", error.Message);
    }

    [Fact]
    public void SkipBadLinesCountsWhatItSkipped()
    {
        using var folder = new TempFolder();
        var file = folder.Write("u.data", "1\t2\t3\t100\nnot a rating\n\n2\t2\t5\t101\r\n3\tx\t5\t102\n");
        using var reader = new RatingReader(file, MovieLensFormat.Tab100K, new ReaderOptions { SkipBadLines = true });
        var ratings = new List<Rating>();
        while (reader.TryRead(out var rating))
        {
            ratings.Add(rating);
        }

        Assert.Equal([new Rating(1, 2, 3, 100), new Rating(2, 2, 5, 101)], ratings);
        Assert.Equal(3, reader.SkippedLines);
    }

    [Fact]
    public void DoubleColonFilesOfTheOneMillionFormatParse()
    {
        using var folder = new TempFolder();
        folder.Write("ratings.dat", "1::1193::5::978300760\n1::661::3::978302109\n2::1193::4::978300100\n");
        folder.Write("movies.dat", "1193::One Flew Over the Cuckoo's Nest (1975)::Drama\n661::James and the Giant Peach (1996)::Animation|Children's|Musical\n");
        folder.Write("users.dat", "1::F::1::10::48067\n2::M::56::16::70072\n");

        var data = MovieLensData.Load(folder.Path);

        Assert.Equal([new Rating(2, 1193, 4, 978_300_100), new Rating(1, 1193, 5, 978_300_760), new Rating(1, 661, 3, 978_302_109)], data.Ratings);
        Assert.Equal(1975, data.Movies[1193].Year);
        Assert.Equal(1u << 8, data.Movies[1193].Genres);
        Assert.Equal((1u << 3) | (1u << 4) | (1u << 12), data.Movies[661].Genres);
        Assert.Equal(new MovieLensUser(2, 56, false, 16, ValueCode.Of("700"u8)), data.Users[2]);
        var log = MovieLensLog.From(data, "tiny");
        Assert.Equal([true, true, false], Enumerable.Range(0, log.Count).Select(log.IsPositive));
    }

    [Fact]
    public void MalformedDoubleColonLinesNameFileAndLine()
    {
        using var folder = new TempFolder();
        var movies = folder.Write("movies.dat", "1::Toy Story (1995)::Animation\n2::Jumanji (1995)::Adventure|Cartoons\n");
        var users = folder.Write("users.dat", "1::F::1::10::48067\n2::X::56::16::70072\n");

        var movieError = Assert.Throws<DataFormatException>(() => MovieLensMetadata.ReadMovies(movies, MovieLensFormat.DoubleColon));
        Assert.Equal((movies, 2L), (movieError.File, movieError.Line));
        Assert.Contains("unknown genre 'Cartoons'", movieError.Message);
        var userError = Assert.Throws<DataFormatException>(() => MovieLensMetadata.ReadUsers(users, MovieLensFormat.DoubleColon));
        Assert.Equal((users, 2L), (userError.File, userError.Line));
        Assert.Contains("gender 'X' is not M or F", userError.Message);
    }
}
