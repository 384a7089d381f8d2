namespace ParameterServer.Trainer.Data.Synthetic;

/// <summary>What a user did with an item shown to them; each level implies the ones before it.</summary>
public enum SyntheticAction : byte
{
    Impression = 0,
    Click = 1,
    Like = 2,
    Share = 3,
}
