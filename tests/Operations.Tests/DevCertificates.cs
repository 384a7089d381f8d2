using System.Diagnostics;

namespace ParameterServer.Operations.Tests;

/// <summary>A CA and a certificate made by scripts/make-dev-cert.sh in a temporary folder (deleted on dispose).</summary>
internal sealed class DevCertificates : IDisposable
{
    private DevCertificates(string folder) => Folder = folder;

    public string Folder { get; }

    public string Certificate => Path.Combine(Folder, "tls.crt");

    public string Key => Path.Combine(Folder, "tls.key");

    public string Ca => Path.Combine(Folder, "ca.crt");

    /// <summary>Configuration that turns TLS on with these files.</summary>
    public Dictionary<string, string?> Settings => new()
    {
        ["Tls:CertificatePath"] = Certificate,
        ["Tls:KeyPath"] = Key,
        ["Tls:CaCertificatePath"] = Ca,
    };

    public static DevCertificates Make()
    {
        var folder = Directory.CreateTempSubdirectory("ops-certs-").FullName;
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(RepositoryPaths.DevCertificateScript);
        start.ArgumentList.Add(folder);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        if (!process.WaitForExit(60_000) || process.ExitCode != 0)
        {
            Assert.Fail($"scripts/make-dev-cert.sh failed: {output}");
        }

        return new DevCertificates(folder);
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
