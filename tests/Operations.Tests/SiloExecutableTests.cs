using System.Net;
using System.Text.Json;
using ParameterServer.Grains.Hosting;
using ParameterServer.Grains.Snapshots;
using ParameterServer.ServiceDefaults;

namespace ParameterServer.Operations.Tests;

/// <summary>
/// The silo executable started with the environment the Kubernetes manifests give a training pod (ConfigMap plus the
/// Deployment's own variables), TLS on with scripts/make-dev-cert.sh certificates, and answering the probe paths of
/// the manifests on the port they name. Changed for a test machine: localhost clustering and a snapshot folder instead
/// of Azure Storage, free loopback ports, certificate paths.
/// </summary>
public sealed class SiloExecutableTests
{
    [Fact]
    public async Task ServesTheManifestsProbePathsWithTheConfigMapSettings()
    {
        var k8s = Manifests.Load();
        var deployment = k8s.Silo(SiloPool.Training);
        var container = Manifests.OnlyContainer(deployment.Spec.Template);
        using var certificates = DevCertificates.Make();
        var ports = FreePorts.Take(4);

        var environment = new Dictionary<string, string>(k8s.Config.Data);
        foreach (var variable in container.Env.Where(e => e.Value is not null))
        {
            environment[variable.Name] = variable.Value;
        }

        foreach (var (key, value) in certificates.Settings)
        {
            environment[key.Replace(":", "__")] = value!;
        }

        environment["Cluster__Provider"] = nameof(ClusterProvider.Localhost);
        environment["Cluster__ClusterId"] = $"exe-test-{Guid.NewGuid():N}";
        environment["Cluster__SiloPort"] = ports[0].ToString();
        environment["Cluster__GatewayPort"] = ports[1].ToString();
        environment["Operations__DashboardPort"] = ports[2].ToString();
        environment["Operations__MetricsPort"] = ports[3].ToString();
        environment["Operations__DashboardAddress"] = "127.0.0.1";
        environment["Operations__MetricsAddress"] = "127.0.0.1";
        var snapshots = Directory.CreateTempSubdirectory("ops-snapshots-");
        environment["Snapshots__Store"] = nameof(SnapshotStoreKind.LocalFolder);
        environment["Snapshots__Folder"] = snapshots.FullName;
        using var silo = SiloExecutable.Start(environment);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var probes = new[] { container.StartupProbe, container.LivenessProbe, container.ReadinessProbe }.Select(p => p.HttpGet).ToArray();
        var metrics = new Uri($"http://127.0.0.1:{ports[3]}");
        await Eventually.Holds("the silo process to answer its readiness probe", TimeSpan.FromSeconds(90),
            async () =>
            {
                Assert.False(silo.HasExited, $"The silo exited:\n{silo.Output}");
                try
                {
                    return (await http.GetAsync(new Uri(metrics, container.ReadinessProbe.HttpGet.Path))).StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            () => Task.FromResult(silo.Output));

        foreach (var probe in probes)
        {
            // The manifests name the port; the test maps it to the free port that stands in for it.
            Assert.Equal(int.Parse(k8s.Setting("Operations__MetricsPort")), Manifests.PortNumber(container, probe.Port));
            var response = await http.GetAsync(new Uri(metrics, probe.Path));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{probe.Path}: {response.StatusCode}\n{await response.Content.ReadAsStringAsync()}");
        }

        var ready = JsonDocument.Parse(await http.GetStringAsync(new Uri(metrics, OperationsOptions.ReadinessPath))).RootElement;
        Assert.Equal(SiloPool.Training, ready.GetProperty("checks").GetProperty(ParameterServerOperationsSiloBuilderExtensions.ShardsCheck).GetProperty("data").GetProperty("pool").GetString());
        Assert.Contains("# TYPE orleans_", await http.GetStringAsync(new Uri(metrics, OperationsOptions.MetricsPath)));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://127.0.0.1:{ports[2]}{OperationsOptions.DashboardPath}/")).StatusCode);
        silo.Dispose();
        snapshots.Delete(recursive: true);
    }
}
