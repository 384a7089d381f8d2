namespace ParameterServer.Trainer.Data.MovieLens;

/// <summary>A MovieLens user's attributes. <see cref="Occupation"/> and <see cref="ZipPrefix"/> are stable codes
/// (the 1M files number occupations; the 100K files name them, so the name is hashed).</summary>
public sealed record MovieLensUser(int Id, int Age, bool Female, long Occupation, long ZipPrefix);
