using ParameterServer.Trainer.Data.MovieLens;
using ParameterServer.Trainer.Data.Synthetic;
using ParameterServer.Trainer.Data.Taobao;

namespace ParameterServer.Trainer.Data;

/// <summary>Opens what <c>--data</c> names: a MovieLens folder (100K or 1M/10M files), a Taobao UserBehavior CSV,
/// or nothing for the synthetic default. (Criteo has no users or items; <see cref="IsCriteo"/> tells it apart.)</summary>
public static class DataSource
{
    public static bool IsCriteo(string? path) =>
        path is not null && File.Exists(path) && (path.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase));

    public static InteractionLog Load(string? path, ReaderOptions options, SyntheticOptions synthetic)
    {
        if (path is null)
        {
            return SyntheticGenerator.Generate(synthetic);
        }

        if (Directory.Exists(path) && MovieLensData.IsMovieLensFolder(path))
        {
            var data = MovieLensData.Load(path, options);
            return MovieLensLog.From(data, Path.GetFileName(Path.TrimEndingDirectorySeparator(path)));
        }

        if (File.Exists(path) && path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            return TaobaoLog.Read(path, options);
        }

        throw new FileNotFoundException(
            $"--data {path}: expected a MovieLens folder (u.data or ratings.dat), a Taobao UserBehavior .csv, or a Criteo .txt/.tsv file.");
    }
}
