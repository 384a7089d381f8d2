namespace ParameterServer.Trainer.Data.MovieLens;

/// <summary>A movie: title, release year (0 when unknown) and genres as bits of <see cref="MovieLensGenres.Names"/>.</summary>
public sealed record Movie(int Id, string Title, int Year, uint Genres);
