using ParameterServer.Embeddings;
using ParameterServer.Embeddings.Optimizers;
using ParameterServer.Trainer.Models;

namespace ParameterServer.Trainer.Training;

/// <summary>How a CTR model is trained; the defaults are the demo's.</summary>
public sealed record CtrTrainerOptions
{
    /// <summary>Prefix of the model's tables and dense model name (tables are <c>{prefix}users</c>, ...).</summary>
    public string Name { get; init; } = "ctr";

    public DeepFmOptions Model { get; init; } = new();

    /// <summary>Examples per step (default 256).</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Shards per table (default 4).</summary>
    public int Shards { get; init; } = 4;

    /// <summary>The tables' optimizer (default Adagrad 0.05, as Monolith's sparse side).</summary>
    public float SparseLearningRate { get; init; } = 0.05f;

    /// <summary>Adagrad's starting accumulator (default 1e-5). Small, so early steps move a row by about the learning
    /// rate although a row's share of a batch-mean gradient is tiny (0.1 gave 0.64 AUC on the synthetic demo, 1e-5 0.69).</summary>
    public float SparseInitialAccumulator { get; init; } = 1e-5f;

    /// <summary>Adam step size of the dense parameters (default 0.001).</summary>
    public float DenseLearningRate { get; init; } = 0.001f;

    /// <summary>Initial rows: Normal(0, 0.01), seeded per ID (the same on every shard and in the local baseline).</summary>
    public EmbeddingInitializer Initializer { get; init; } = new(EmbeddingInitializerKind.Normal, 0.01f, Seed: 7);

    /// <summary>Dense weights are pulled back every this many steps (default 1; more = staler but fewer round trips).</summary>
    public int PullEvery { get; init; } = 1;

    /// <summary>Overlap the next batch's pull and this batch's push with compute (default true: one step of staleness).</summary>
    public bool Overlap { get; init; } = true;

    public string DenseModelName => Name + ".deepfm";

    public void Validate()
    {
        Model.Validate();
        if (BatchSize is < 1 or > 1 << 16)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be 1..65,536.");
        }

        if (PullEvery < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(PullEvery), PullEvery, "PullEvery must be at least 1.");
        }

        if (!(SparseLearningRate > 0) || !(DenseLearningRate > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(SparseLearningRate), "Learning rates must be greater than 0.");
        }
    }

    /// <summary>The parameter-server table holding <paramref name="table"/>'s rows.</summary>
    public TableConfig TableConfig(string table) => new()
    {
        Name = table,
        Shards = Shards,
        Embedding = new EmbeddingTableSettings
        {
            Dimension = Model.RowDimension,
            Initializer = Initializer,
            Optimizer = SparseOptimizerSettings.Adagrad(SparseLearningRate, SparseInitialAccumulator),
        },
    };

    public DenseModelConfig DenseConfig(int parameters) => new() { Parameters = parameters, LearningRate = DenseLearningRate };
}
