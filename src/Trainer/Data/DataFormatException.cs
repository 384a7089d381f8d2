namespace ParameterServer.Trainer.Data;

/// <summary>A data file has a line the reader cannot parse; the message names the file and the 1-based line number.</summary>
public sealed class DataFormatException(string file, long line, string problem)
    : Exception($"{file}, line {line}: {problem}")
{
    public string File { get; } = file;

    public long Line { get; } = line;

    public string Problem { get; } = problem;
}
