namespace ParameterServer;

/// <summary>
/// A model's dense parameters as the cluster holds them: how many floats (all of the model's dense tensors, flattened
/// in a fixed order the trainer owns) and the Adam settings the training grain applies to pushed gradients.
/// </summary>
[GenerateSerializer, Immutable, Alias("ps.DenseModelConfig")]
public sealed record DenseModelConfig
{
    /// <summary>Most floats one model may have (64 Mi: 256 MB of weights, 768 MB with Adam's two moments).</summary>
    public const int MaxParameters = 1 << 26;

    /// <summary>Floats in the flattened parameter vector (1..<see cref="MaxParameters"/>).</summary>
    [Id(0)] public required int Parameters { get; init; }

    /// <summary>Adam step size (default 0.001; finite, &gt; 0).</summary>
    [Id(1)] public float LearningRate { get; init; } = 0.001f;

    /// <summary>First-moment decay (default 0.9; [0, 1)).</summary>
    [Id(2)] public float Beta1 { get; init; } = 0.9f;

    /// <summary>Second-moment decay (default 0.999; [0, 1)).</summary>
    [Id(3)] public float Beta2 { get; init; } = 0.999f;

    /// <summary>Added to the denominator (default 1e-8; finite, &gt; 0).</summary>
    [Id(4)] public float Epsilon { get; init; } = 1e-8f;

    /// <summary>Throws <see cref="InvalidModelConfigException"/> naming the first invalid field.</summary>
    public void Validate(string model)
    {
        if (!DenseModelName.IsValid(model))
        {
            throw new InvalidModelConfigException($"Model name '{model}' is invalid: use 1 to {DenseModelName.MaxLength} letters, digits, '-', '_' or '.'.");
        }

        if (Parameters is < 1 or > MaxParameters)
        {
            throw new InvalidModelConfigException($"Model '{model}': Parameters is {Parameters}; it must be between 1 and {MaxParameters}.");
        }

        if (!float.IsFinite(LearningRate) || LearningRate <= 0)
        {
            throw new InvalidModelConfigException($"Model '{model}': LearningRate is {LearningRate}; it must be finite and greater than 0.");
        }

        if (Beta1 is < 0 or >= 1 || Beta2 is < 0 or >= 1 || float.IsNaN(Beta1) || float.IsNaN(Beta2))
        {
            throw new InvalidModelConfigException($"Model '{model}': Beta1 {Beta1} and Beta2 {Beta2} must each be in [0, 1).");
        }

        if (!float.IsFinite(Epsilon) || Epsilon <= 0)
        {
            throw new InvalidModelConfigException($"Model '{model}': Epsilon is {Epsilon}; it must be finite and greater than 0.");
        }
    }
}
