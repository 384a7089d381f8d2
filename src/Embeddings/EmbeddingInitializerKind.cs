namespace ParameterServer.Embeddings;

/// <summary>Distribution of a new row's values.</summary>
public enum EmbeddingInitializerKind
{
    /// <summary>All zeros.</summary>
    Zeros = 0,

    /// <summary>Uniform on [-Scale, Scale].</summary>
    Uniform = 1,

    /// <summary>Normal with mean 0 and standard deviation Scale.</summary>
    Normal = 2,
}
