namespace ParameterServer.Tests;

/// <summary>Paths in the repository this test assembly was built from.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string KubernetesFolder => Path.Combine(Root, "k8s");

    public static string DockerFolder => Path.Combine(Root, "docker");

    public static string DevCertificateScript => Path.Combine(Root, "scripts", "make-dev-cert.sh");

    /// <summary>Where tests keep files for people to look at (screenshots): artifacts/operations-tests, git-ignored.</summary>
    public static string Artifacts
    {
        get
        {
            var path = Path.Combine(Root, "artifacts", "operations-tests");
            Directory.CreateDirectory(path);
            return path;
        }
    }

    /// <summary>The silo executable built beside this test assembly (same configuration and framework).</summary>
    public static string SiloAssembly
    {
        get
        {
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var path = Path.Combine(Root, "src", "Silo", "bin", output.Parent!.Name, output.Name, "ParameterServer.Silo.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"The silo executable was not built at {path}.");
        }
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Orleans.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException($"No Orleans.sln above {AppContext.BaseDirectory}.");
    }
}
