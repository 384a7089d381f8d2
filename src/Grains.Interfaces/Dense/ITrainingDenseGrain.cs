using Orleans.Concurrency;

namespace ParameterServer;

/// <summary>
/// A model's dense parameters in the training pool (key: model name), with Adam state. Trainers push gradients and
/// pull weights every few steps; several trainers may push at once (asynchronous data-parallel training).
/// </summary>
[Alias("ps.ITrainingDenseGrain")]
public interface ITrainingDenseGrain : IGrainWithStringKey
{
    /// <summary>Creates the model with <paramref name="initial"/> weights, or returns the weights it already has when the
    /// configuration is the same (a restarted trainer continues from them). Throws <see cref="ModelConfigConflictException"/>.</summary>
    [Alias("Initialize")]
    Task<DenseWeights> Initialize(DenseModelConfig config, DenseWeights initial);

    /// <summary>Applies one Adam step; returns the new version. The whole vector or nothing (<see cref="InvalidBatchException"/>).</summary>
    [Alias("Push")]
    Task<long> Push(DenseGradients gradients);

    /// <summary>Applies one Adam step and returns the weights after it, in one round trip.</summary>
    [Alias("PushAndPull")]
    Task<DenseWeights> PushAndPull(DenseGradients gradients);

    /// <summary>The current weights; throws <see cref="UnknownModelException"/> before <see cref="Initialize"/>.
    /// Interleaves (it only reads): a serving grain activating inside <see cref="Publish"/> pulls without deadlock.</summary>
    [AlwaysInterleave]
    [Alias("Pull")]
    Task<DenseWeights> Pull();

    /// <summary>Sends the current weights to the model's serving grain now; returns the version sent.</summary>
    [Alias("Publish")]
    Task<long> Publish();

    /// <summary>Writes the weights and Adam state into a snapshot.</summary>
    [Alias("WriteSnapshotPart"), ResponseTimeout("01:00:00")]
    Task<SnapshotPartResult> WriteSnapshotPart(SnapshotPartRequest request);

    /// <summary>Replaces the weights and Adam state by those of snapshot <paramref name="snapshotId"/>; false when
    /// that snapshot does not hold this model.</summary>
    [Alias("RestoreFrom")]
    Task<bool> RestoreFrom(string snapshotId);

    [Alias("GetStats")]
    Task<DenseStats> GetStats();
}
