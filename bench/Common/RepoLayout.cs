namespace ParameterServer.Bench.Common;

/// <summary>Where the repository's build outputs are, found from this executable's folder.</summary>
internal static class RepoLayout
{
    private const string SolutionFile = "Orleans.sln";

    public static string Root { get; } = FindRoot();

    /// <summary>The silo built beside this harness (bench/Bench.csproj references src/Silo, so it is built first).</summary>
    public static string SiloDll
    {
        get
        {
#if DEBUG
            const string configuration = "Debug";
#else
            const string configuration = "Release";
#endif
            var path = Path.Combine(Root, "src", "Silo", "bin", configuration, "net10.0", "ParameterServer.Silo.dll");
            return File.Exists(path)
                ? path
                : throw new FileNotFoundException(
                    $"No silo build at {path}; run `dotnet build -c {configuration} src/Silo` (or `dotnet run -c {configuration} --project bench`, which builds it).");
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No {SolutionFile} above {AppContext.BaseDirectory}; run the harness from its build output inside the repository.");
    }
}
