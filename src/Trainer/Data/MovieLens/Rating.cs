namespace ParameterServer.Trainer.Data.MovieLens;

/// <summary>One MovieLens rating: 1..5 stars at a Unix time in seconds.</summary>
public readonly record struct Rating(int User, int Item, byte Stars, long Timestamp);
