using System.Diagnostics;

namespace ParameterServer.Operations.Tests;

/// <summary>
/// Debian's Chromium (package chromium, installed by .ci/run) run headless for one page: its DOM after scripts ran,
/// or a screenshot. Flags as the machine notes give them: no sandbox (root), no background networking (the machine
/// has no network beyond loopback), a fresh profile each run.
/// </summary>
internal static class HeadlessChromium
{
    public const string Executable = "/usr/bin/chromium";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>The DOM once the page's scripts had <paramref name="virtualTimeMs"/> of virtual time (timers and XHRs
    /// included), serialised.</summary>
    public static async Task<string> DumpDom(Uri url, int virtualTimeMs = 8_000) =>
        await Run(url, $"--virtual-time-budget={virtualTimeMs}", "--dump-dom");

    /// <summary>Writes a PNG of the page after <paramref name="virtualTimeMs"/> of virtual time.</summary>
    public static async Task Screenshot(Uri url, string path, int virtualTimeMs = 8_000)
    {
        File.Delete(path);
        await Run(url, $"--virtual-time-budget={virtualTimeMs}", $"--screenshot={path}", "--window-size=1440,1100", "--hide-scrollbars");
        Assert.True(File.Exists(path), $"Chromium wrote no screenshot to {path}.");
    }

    private static async Task<string> Run(Uri url, params string[] arguments)
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing: install Debian's Chromium (apt-get install chromium), as .ci/run does.");
        var profile = Directory.CreateTempSubdirectory("ops-chromium-");
        try
        {
            var start = new ProcessStartInfo(Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", $"--user-data-dir={profile.FullName}",
            }.Concat(arguments).Append(url.ToString()))
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(Timeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"Chromium did not finish {url} within {Timeout.TotalSeconds} s. Its errors:\n{await errors}");
            }

            Assert.True(process.ExitCode == 0, $"Chromium exited with {process.ExitCode} on {url}:\n{await errors}");
            return await output;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
