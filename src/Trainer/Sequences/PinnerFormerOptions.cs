using ParameterServer.Embeddings;
using ParameterServer.Embeddings.Optimizers;

namespace ParameterServer.Trainer.Sequences;

/// <summary>PinnerFormer's shape and training settings; the defaults fit ml-100k and the synthetic log on a laptop CPU.</summary>
public sealed record PinnerFormerOptions
{
    /// <summary>Prefix of the item table and dense model name.</summary>
    public string Name { get; init; } = "pinnerformer";

    public PinnerFormerLoss Loss { get; init; } = PinnerFormerLoss.DenseAllAction;

    /// <summary>Actions per sequence, M (default 64).</summary>
    public int MaxSequence { get; init; } = 64;

    /// <summary>The future window positives are taken from, in days (default 28, as the paper's training window).</summary>
    public int WindowDays { get; init; } = 28;

    /// <summary>Size of an item's parameter-server embedding (default 32).</summary>
    public int ItemDimension { get; init; } = 32;

    /// <summary>Transformer width (default 64).</summary>
    public int Hidden { get; init; } = 64;

    public int Layers { get; init; } = 2;

    public int Heads { get; init; } = 2;

    /// <summary>Size of the L2-normalised user and item embeddings (default 64).</summary>
    public int OutputDimension { get; init; } = 64;

    /// <summary>Sequences per step (default 32).</summary>
    public int BatchUsers { get; init; } = 32;

    /// <summary>Uniformly sampled negatives per step, beside the in-batch ones (default 256).</summary>
    public int RandomNegatives { get; init; } = 256;

    /// <summary>Positives the All Action loss takes from one window at most (default 16).</summary>
    public int AllActionTargets { get; init; } = 16;

    /// <summary>Most users held out of training for evaluation (default 500).</summary>
    public int MaxEvaluationUsers { get; init; } = 500;

    public float SparseLearningRate { get; init; } = 0.05f;

    public float DenseLearningRate { get; init; } = 0.001f;

    public int Shards { get; init; } = 4;

    public int Seed { get; init; } = 5;

    public string ItemTable => Name + ".items";

    /// <summary>Rows of item categories (genres, topics), added to each item's own row.</summary>
    public string CategoryTable => Name + ".categories";

    public string DenseModelName => Name + ".transformer";

    public void Validate()
    {
        Check(MaxSequence is >= 2 and <= 1024, nameof(MaxSequence), MaxSequence);
        Check(WindowDays is >= 1 and <= 3650, nameof(WindowDays), WindowDays);
        Check(ItemDimension is >= 1 and <= 1024, nameof(ItemDimension), ItemDimension);
        Check(Hidden >= 1 && Hidden % Heads == 0, nameof(Hidden), Hidden);
        Check(Layers is >= 1 and <= 16, nameof(Layers), Layers);
        Check(Heads is >= 1 and <= 64, nameof(Heads), Heads);
        Check(OutputDimension is >= 1 and <= 1024, nameof(OutputDimension), OutputDimension);
        Check(BatchUsers is >= 2 and <= 4096, nameof(BatchUsers), BatchUsers);
        Check(RandomNegatives is >= 1 and <= 100_000, nameof(RandomNegatives), RandomNegatives);
        Check(AllActionTargets >= 1, nameof(AllActionTargets), AllActionTargets);
        Check(MaxEvaluationUsers >= 1, nameof(MaxEvaluationUsers), MaxEvaluationUsers);
    }

    public TableConfig TableConfig(string table) => new()
    {
        Name = table,
        Shards = Shards,
        Embedding = new EmbeddingTableSettings
        {
            Dimension = ItemDimension,
            Initializer = new EmbeddingInitializer(EmbeddingInitializerKind.Normal, 0.1f, (ulong)Seed),
            Optimizer = SparseOptimizerSettings.Adagrad(SparseLearningRate, 1e-5f),
        },
    };

    private static void Check(bool ok, string name, int value)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, $"PinnerFormer option {name} is {value}, outside its range (Hidden must be a multiple of Heads).");
        }
    }
}
