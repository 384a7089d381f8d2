namespace ParameterServer.Trainer.Sequences;

/// <summary>PinnerFormer's training objectives (Pancha et al. 2022, section 3.3 and Table 3).</summary>
public enum PinnerFormerLoss
{
    /// <summary>Every sampled position of the sequence predicts a random positive from its own future window.</summary>
    DenseAllAction,

    /// <summary>The last position predicts every positive in the future window.</summary>
    AllAction,

    /// <summary>The last position predicts only the next positive action.</summary>
    NextAction,
}
