using System.Text;

namespace ParameterServer.Trainer.Data.MovieLens;

/// <summary>Reads movies and users (small files, one object each) in either MovieLens format.</summary>
public static class MovieLensMetadata
{
    public static List<Movie> ReadMovies(string path, MovieLensFormat format, ReaderOptions? options = null)
    {
        var movies = new List<Movie>();
        using var lines = new LineReader(path, options);
        while (lines.TryReadLine(out var line))
        {
            var movie = format == MovieLensFormat.Tab100K ? ParseItem(lines, line) : ParseMovieDat(lines, line);
            if (movie is not null)
            {
                movies.Add(movie);
            }
        }

        return movies;
    }

    public static List<MovieLensUser> ReadUsers(string path, MovieLensFormat format, ReaderOptions? options = null)
    {
        var users = new List<MovieLensUser>();
        using var lines = new LineReader(path, options);
        while (lines.TryReadLine(out var line))
        {
            var user = format == MovieLensFormat.Tab100K ? ParseUser(lines, line) : ParseUserDat(lines, line);
            if (user is not null)
            {
                users.Add(user);
            }
        }

        return users;
    }

    // movie id | title | release date (01-Jan-1995) | video release date | IMDb URL | 19 genre flags
    private static Movie? ParseItem(LineReader lines, ReadOnlySpan<byte> line)
    {
        var count = Fields.Count(line, "|"u8);
        if (count != 5 + MovieLensGenres.Names.Length)
        {
            lines.Reject($"expected {5 + MovieLensGenres.Names.Length} '|'-separated fields, found {count}");
            return null;
        }

        var fields = new Fields(line, "|"u8);
        fields.Next(out var id);
        fields.Next(out var title);
        fields.Next(out var released);
        fields.Next(out _);
        fields.Next(out _);
        if (!Fields.TryInt(id, out var movieId) || movieId <= 0)
        {
            lines.Reject($"movie id {Fields.Show(id)} is not a positive integer");
            return null;
        }

        var year = 0;
        if (!released.IsEmpty && (released.Length < 4 || !Fields.TryInt(released[^4..], out year)))
        {
            lines.Reject($"release date {Fields.Show(released)} does not end in a year");
            return null;
        }

        uint genres = 0;
        for (var g = 0; g < MovieLensGenres.Names.Length; g++)
        {
            fields.Next(out var flag);
            if (flag.Length != 1 || (flag[0] != (byte)'0' && flag[0] != (byte)'1'))
            {
                lines.Reject($"genre flag {g + 1} is {Fields.Show(flag)}, not 0 or 1");
                return null;
            }

            genres |= flag[0] == (byte)'1' ? 1u << g : 0;
        }

        return new Movie(movieId, Encoding.Latin1.GetString(title), year, genres);
    }

    // MovieID::Title (Year)::Genre|Genre
    private static Movie? ParseMovieDat(LineReader lines, ReadOnlySpan<byte> line)
    {
        var count = Fields.Count(line, "::"u8);
        if (count != 3)
        {
            lines.Reject($"expected 3 '::'-separated fields (id, title, genres), found {count}");
            return null;
        }

        var fields = new Fields(line, "::"u8);
        fields.Next(out var id);
        fields.Next(out var titleBytes);
        fields.Next(out var genreBytes);
        if (!Fields.TryInt(id, out var movieId) || movieId <= 0)
        {
            lines.Reject($"movie id {Fields.Show(id)} is not a positive integer");
            return null;
        }

        var title = Encoding.Latin1.GetString(titleBytes);
        var open = title.LastIndexOf('(');
        var year = 0;
        if (open >= 0 && title.EndsWith(')') && !int.TryParse(title.AsSpan(open + 1, title.Length - open - 2), out year))
        {
            year = 0;
        }

        uint genres = 0;
        foreach (var name in Encoding.Latin1.GetString(genreBytes).Split('|'))
        {
            var g = MovieLensGenres.IndexOf(name);
            if (g < 0)
            {
                lines.Reject($"unknown genre '{name}'");
                return null;
            }

            genres |= 1u << g;
        }

        return new Movie(movieId, title, year, genres);
    }

    // user id | age | gender | occupation | zip code
    private static MovieLensUser? ParseUser(LineReader lines, ReadOnlySpan<byte> line)
    {
        var count = Fields.Count(line, "|"u8);
        if (count != 5)
        {
            lines.Reject($"expected 5 '|'-separated fields (id, age, gender, occupation, zip), found {count}");
            return null;
        }

        var fields = new Fields(line, "|"u8);
        fields.Next(out var id);
        fields.Next(out var age);
        fields.Next(out var gender);
        fields.Next(out var occupation);
        fields.Next(out var zip);
        return MakeUser(lines, id, age, gender, ValueCode.Of(occupation), zip);
    }

    // UserID::Gender::Age::Occupation::Zip-code
    private static MovieLensUser? ParseUserDat(LineReader lines, ReadOnlySpan<byte> line)
    {
        var count = Fields.Count(line, "::"u8);
        if (count != 5)
        {
            lines.Reject($"expected 5 '::'-separated fields (id, gender, age, occupation, zip), found {count}");
            return null;
        }

        var fields = new Fields(line, "::"u8);
        fields.Next(out var id);
        fields.Next(out var gender);
        fields.Next(out var age);
        fields.Next(out var occupation);
        fields.Next(out var zip);
        if (!Fields.TryInt(occupation, out var code) || code < 0)
        {
            lines.Reject($"occupation {Fields.Show(occupation)} is not a non-negative integer");
            return null;
        }

        return MakeUser(lines, id, age, gender, code, zip);
    }

    private static MovieLensUser? MakeUser(LineReader lines, ReadOnlySpan<byte> id, ReadOnlySpan<byte> age, ReadOnlySpan<byte> gender, long occupation, ReadOnlySpan<byte> zip)
    {
        if (!Fields.TryInt(id, out var userId) || userId <= 0)
        {
            lines.Reject($"user id {Fields.Show(id)} is not a positive integer");
            return null;
        }

        if (!Fields.TryInt(age, out var years) || years is < 0 or > 150)
        {
            lines.Reject($"age {Fields.Show(age)} is not an integer from 0 to 150");
            return null;
        }

        if (gender.Length != 1 || (gender[0] != (byte)'M' && gender[0] != (byte)'F'))
        {
            lines.Reject($"gender {Fields.Show(gender)} is not M or F");
            return null;
        }

        return new MovieLensUser(userId, years, gender[0] == (byte)'F', occupation, ValueCode.Of(zip[..Math.Min(3, zip.Length)]));
    }
}
