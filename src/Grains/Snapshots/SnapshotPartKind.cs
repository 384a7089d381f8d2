namespace ParameterServer.Grains.Snapshots;

/// <summary>What a part file holds.</summary>
public enum SnapshotPartKind
{
    /// <summary>Every row of a training shard with optimizer state, then the changes made while it was written.</summary>
    TrainingFull = 1,

    /// <summary>Rows of a training shard changed since the previous snapshot in the chain, with state, and tombstones.</summary>
    TrainingIncremental = 2,

    /// <summary>Every row of a serving shard (values only): a warm start for serving before training's first copy.</summary>
    ServingFull = 3,

    /// <summary>A dense model's weights as one row (the row's ID holds the version) with Adam's m and v as its state.</summary>
    Dense = 4,
}
