namespace ParameterServer.Bench.Common;

/// <summary>Progress goes to stderr, so that stdout holds only the report and ends with its key=value line.</summary>
internal static class Progress
{
    public static void Report(string line) => Console.Error.WriteLine(line);
}
