using ParameterServer.Trainer.Data.MovieLens;
using ParameterServer.Trainer.Features;

namespace ParameterServer.Trainer.Tests.Ctr;

/// <summary>ml-100k as CTR examples (label: 4 or 5 stars), loaded once per test process; tables prefixed per test.</summary>
internal static class MovieLensCtr
{
    private static readonly Lazy<ParameterServer.Trainer.Data.InteractionLog> Log = new(() => MovieLensLog.From(MovieLensData.Load(DataFiles.MovieLens100K), "ml-100k"));

    public static ParameterServer.Trainer.Data.InteractionLog InteractionLog => Log.Value;

    public static CtrDataset Build(string tablePrefix) => new InteractionFeaturizer(Log.Value, tablePrefix).Build();
}
