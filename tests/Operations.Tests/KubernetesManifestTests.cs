using System.Reflection;
using k8s;
using k8s.Models;
using Orleans.Hosting.Kubernetes;
using ParameterServer.Grains.Hosting;
using ParameterServer.Grains.Snapshots;
using ParameterServer.ServiceDefaults;
using ParameterServer.ServiceDefaults.Security;

namespace ParameterServer.Operations.Tests;

/// <summary>
/// k8s/ checked offline: strict parsing, required fields, and agreement with what the silo reads and serves (setting
/// names, ports, labels, probe paths, RBAC verbs the Orleans Kubernetes agent uses).
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly string[] Pools = [SiloPool.Training, SiloPool.Serving];
    private readonly Manifests _k8s = Manifests.Load();

    [Fact]
    public void EveryObjectHasKindNameAndTheNamespace()
    {
        Assert.Contains(_k8s.All<V1Namespace>(), n => n.Metadata.Name == Manifests.Namespace);
        foreach (var (file, item) in _k8s.Objects)
        {
            Assert.False(string.IsNullOrEmpty(item.ApiVersion), $"{file}: apiVersion");
            Assert.False(string.IsNullOrEmpty(item.Kind), $"{file}: kind");
            Assert.False(string.IsNullOrEmpty(item.Metadata?.Name), $"{file}: a {item.Kind} without metadata.name");
            if (item is not V1Namespace)
            {
                Assert.True(item.Metadata!.NamespaceProperty == Manifests.Namespace, $"{file}: {item.Kind} {item.Metadata.Name} is not in namespace {Manifests.Namespace}");
            }
        }

        var kinds = _k8s.Objects.Select(o => o.Object.Kind).ToHashSet();
        Assert.Superset(new HashSet<string> { "Namespace", "ServiceAccount", "Role", "RoleBinding", "ConfigMap", "Deployment", "PodDisruptionBudget", "Service", "Job" }, kinds);
    }

    [Fact]
    public void TheLoaderIsStrict()
    {
        // Guards the test above: a misspelt field must fail to load, not vanish.
        const string typo = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: b\nimmutible: true\n";
        Assert.ThrowsAny<Exception>(() => KubernetesYaml.LoadAllFromString(typo, strict: true));
    }

    [Fact]
    public void RoleGrantsExactlyThePodVerbsTheOrleansKubernetesAgentUses()
    {
        // The agent documents its role in a constant (shown in its insufficient-permissions error); compare with it.
        var documented = (string)typeof(KubernetesClusterAgent).GetField("ExampleRoleBinding", BindingFlags.NonPublic | BindingFlags.Static)!.GetRawConstantValue()!;
        var expected = KubernetesYaml.LoadAllFromString(documented).OfType<V1Role>().Single().Rules.Single();

        var role = Assert.Single(_k8s.All<V1Role>());
        var rule = Assert.Single(role.Rules);
        Assert.Equal(expected.ApiGroups, rule.ApiGroups);
        Assert.Equal(expected.Resources, rule.Resources);
        Assert.Equal(expected.Verbs.Order(), rule.Verbs.Order());
        Assert.Equal(["get", "list", "patch", "watch"], rule.Verbs.Order());

        var binding = Assert.Single(_k8s.All<V1RoleBinding>());
        Assert.Equal(("Role", role.Metadata.Name), (binding.RoleRef.Kind, binding.RoleRef.Name));
        var subject = Assert.Single(binding.Subjects);
        Assert.Equal("ServiceAccount", subject.Kind);
        Assert.Contains(_k8s.All<V1ServiceAccount>(), a => a.Metadata.Name == subject.Name);
        foreach (var pool in Pools)
        {
            Assert.Equal(subject.Name, _k8s.Silo(pool).Spec.Template.Spec.ServiceAccountName);
        }
    }

    [Fact]
    public void ConfigMapKeysAreSettingsTheProcessesRead()
    {
        var sections = new Dictionary<string, Type>
        {
            [ClusterSettings.SectionName] = typeof(ClusterSettings),
            [ParameterServerOptions.SectionName] = typeof(ParameterServerOptions),
            [OperationsOptions.SectionName] = typeof(OperationsOptions),
            [TransportSecurityOptions.SectionName] = typeof(TransportSecurityOptions),
            [SnapshotOptions.SectionName] = typeof(SnapshotOptions),
        };
        foreach (var key in _k8s.Config.Data.Keys)
        {
            var parts = key.Split("__");
            if (parts[0] == "Logging" || key.StartsWith("DOTNET_", StringComparison.Ordinal) || key.StartsWith("OTEL_", StringComparison.Ordinal))
            {
                continue;
            }

            Assert.True(parts.Length == 2 && sections.TryGetValue(parts[0], out var type) && type.GetProperty(parts[1]) is { CanWrite: true },
                $"ConfigMap key {key} names no setting of {string.Join(", ", sections.Keys)}");
        }

        Assert.True(Enum.TryParse<ClusterProvider>(_k8s.Setting("Cluster__Provider"), out var provider) && provider == ClusterProvider.AzureStorage);

        // The silos' root file system is read-only and pods come and go: snapshots must go to the blob store.
        Assert.True(Enum.TryParse<SnapshotStoreKind>(_k8s.Setting("Snapshots__Store"), out var store) && store == SnapshotStoreKind.AzureBlob);
        Assert.True(IsIpAddress(_k8s.Setting("Operations__DashboardAddress")) && IsIpAddress(_k8s.Setting("Operations__MetricsAddress")));
        var tlsFolder = Path.GetDirectoryName(_k8s.Setting("Tls__CertificatePath"));
        Assert.Equal(tlsFolder, Path.GetDirectoryName(_k8s.Setting("Tls__KeyPath")));
        Assert.Equal(tlsFolder, Path.GetDirectoryName(_k8s.Setting("Tls__CaCertificatePath")));
    }

    [Theory]
    [InlineData(SiloPool.Training)]
    [InlineData(SiloPool.Serving)]
    public void SiloWorkloadAgreesWithTheSilosConfiguration(string pool)
    {
        var deployment = _k8s.Silo(pool);
        var template = deployment.Spec.Template;
        var labels = template.Metadata.Labels;
        var container = Manifests.OnlyContainer(template);
        var env = container.Env.ToDictionary(e => e.Name);

        // Pool by environment, as ParameterServerOptions reads it.
        Assert.Equal(pool, env[$"{ParameterServerOptions.SectionName}__{nameof(ParameterServerOptions.Pool)}"].Value);
        Assert.Equal(pool, labels["app.kubernetes.io/component"]);
        Assert.True(Manifests.Selects(deployment.Spec.Selector.MatchLabels, labels), "the selector does not match the pod labels");

        // The Orleans agent selects pods by these labels; they must be the silo's own ids.
        Assert.Equal(_k8s.Setting("Cluster__ServiceId"), labels[KubernetesHostingOptions.ServiceIdLabel]);
        Assert.Equal(_k8s.Setting("Cluster__ClusterId"), labels[KubernetesHostingOptions.ClusterIdLabel]);

        // Pod identity from the downward API, under the names UseKubernetesHosting reads.
        Assert.Equal("metadata.name", env[KubernetesHostingOptions.PodNameEnvironmentVariable].ValueFrom.FieldRef.FieldPath);
        Assert.Equal("metadata.namespace", env[KubernetesHostingOptions.PodNamespaceEnvironmentVariable].ValueFrom.FieldRef.FieldPath);
        Assert.Equal("status.podIP", env[KubernetesHostingOptions.PodIPEnvironmentVariable].ValueFrom.FieldRef.FieldPath);

        // The connection string from a Secret, under the name ClusterSettings binds.
        var secret = env[$"{ClusterSettings.SectionName}__{nameof(ClusterSettings.AzureStorageConnectionString)}"].ValueFrom.SecretKeyRef;
        Assert.Equal(("parameter-server-storage", "connection-string"), (secret.Name, secret.Key));
        Assert.Equal("parameter-server-config", Assert.Single(container.EnvFrom).ConfigMapRef.Name);

        // Ports the silo listens on.
        var ports = container.Ports.ToDictionary(p => p.Name, p => p.ContainerPort);
        Assert.Equal(int.Parse(_k8s.Setting("Cluster__SiloPort")), ports["silo"]);
        Assert.Equal(int.Parse(_k8s.Setting("Cluster__GatewayPort")), ports["gateway"]);
        Assert.Equal(int.Parse(_k8s.Setting("Operations__DashboardPort")), ports["dashboard"]);
        Assert.Equal(int.Parse(_k8s.Setting("Operations__MetricsPort")), ports["metrics"]);

        // Probes on the health endpoints, on the metrics port where MapDefaultEndpoints serves them.
        var metricsPort = int.Parse(_k8s.Setting("Operations__MetricsPort"));
        Assert.Equal(OperationsOptions.ReadinessPath, container.ReadinessProbe.HttpGet.Path);
        Assert.Equal(OperationsOptions.LivenessPath, container.LivenessProbe.HttpGet.Path);
        Assert.Equal(OperationsOptions.LivenessPath, container.StartupProbe.HttpGet.Path);
        foreach (var probe in new[] { container.ReadinessProbe, container.LivenessProbe, container.StartupProbe })
        {
            Assert.Equal(metricsPort, Manifests.PortNumber(container, probe.HttpGet.Port));
        }

        // Resources and a graceful stop longer than the silo's own shutdown timeout.
        Assert.True(container.Resources.Requests.ContainsKey("cpu") && container.Resources.Requests.ContainsKey("memory"), "resource requests");
        Assert.True(container.Resources.Limits.ContainsKey("memory"), "memory limit");
        Assert.True(template.Spec.TerminationGracePeriodSeconds > TimeSpan.Parse(_k8s.Setting("Operations__ShutdownTimeout")).TotalSeconds,
            "terminationGracePeriodSeconds must exceed Operations__ShutdownTimeout");
        Assert.Equal("0", deployment.Spec.Strategy.RollingUpdate.MaxUnavailable.Value);

        // Non-root, and the TLS secret mounted where the ConfigMap points.
        Assert.True(template.Spec.SecurityContext.RunAsNonRoot);
        Assert.NotEqual(0, template.Spec.SecurityContext.RunAsUser);
        Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
        var tls = template.Spec.Volumes.Single(v => v.Secret?.SecretName == "parameter-server-tls");
        Assert.Contains(container.VolumeMounts, m => m.Name == tls.Name && m.MountPath == Path.GetDirectoryName(_k8s.Setting("Tls__CertificatePath")));
    }

    [Fact]
    public void EachPoolHasADisruptionBudget()
    {
        var budgets = _k8s.All<V1PodDisruptionBudget>().ToArray();
        foreach (var pool in Pools)
        {
            var labels = _k8s.Silo(pool).Spec.Template.Metadata.Labels;
            var budget = Assert.Single(budgets, b => Manifests.Selects(b.Spec.Selector.MatchLabels, labels));
            Assert.Equal("1", budget.Spec.MaxUnavailable.Value);
        }
    }

    [Fact]
    public void ServicesReachTheNamedPortsOfEverySilo()
    {
        var expected = new Dictionary<string, (string Port, string Setting)>
        {
            ["parameter-server-gateway"] = ("gateway", "Cluster__GatewayPort"),
            ["parameter-server-dashboard"] = ("dashboard", "Operations__DashboardPort"),
            ["parameter-server-metrics"] = ("metrics", "Operations__MetricsPort"),
        };
        foreach (var (name, (portName, setting)) in expected)
        {
            var service = _k8s.Single<V1Service>(name);
            var port = Assert.Single(service.Spec.Ports);
            Assert.Equal(portName, port.TargetPort.Value);
            Assert.Equal(int.Parse(_k8s.Setting(setting)), port.Port);
            foreach (var pool in Pools)
            {
                var template = _k8s.Silo(pool).Spec.Template;
                Assert.True(Manifests.Selects(service.Spec.Selector, template.Metadata.Labels), $"{name} does not select the {pool} silos");
                Assert.Equal(port.Port, Manifests.PortNumber(Manifests.OnlyContainer(template), port.TargetPort));
            }
        }

        Assert.Equal("None", _k8s.Single<V1Service>("parameter-server-metrics").Spec.ClusterIP);
    }

    [Fact]
    public void TrainerJobRunsTheTrainerImagesMainJobAsAClientOfTheCluster()
    {
        var job = Assert.Single(_k8s.All<V1Job>());
        Assert.Equal("Never", job.Spec.Template.Spec.RestartPolicy);
        AssertTrainerClient(job.Spec.Template, "demo");
    }

    [Fact]
    public void OneOnlineTrainerConsumesTheExamplesStreamAndBatchInferenceRunsDaily()
    {
        // Every replica would subscribe to every partition and train each example again: exactly one, never two.
        var online = _k8s.Single<V1Deployment>("parameter-server-online-trainer");
        Assert.Equal(1, online.Spec.Replicas);
        Assert.Equal("Recreate", online.Spec.Strategy.Type);
        Assert.True(Manifests.Selects(online.Spec.Selector.MatchLabels, online.Spec.Template.Metadata.Labels));
        Assert.False(Manifests.Selects(online.Spec.Selector.MatchLabels, _k8s.Silo(SiloPool.Training).Spec.Template.Metadata.Labels));
        AssertTrainerClient(online.Spec.Template, "online", "--no-replay");

        var inference = _k8s.Single<V1CronJob>("parameter-server-batch-inference");
        Assert.Matches(@"^\d{1,2} \d{1,2} \* \* \*$", inference.Spec.Schedule);
        Assert.Equal("Forbid", inference.Spec.ConcurrencyPolicy);
        AssertTrainerClient(inference.Spec.JobTemplate.Spec.Template, "infer");
    }

    /// <summary>The trainer image running <paramref name="command"/> as a client of the cluster the ConfigMap describes.</summary>
    private void AssertTrainerClient(V1PodTemplateSpec template, params string[] command)
    {
        var spec = template.Spec;
        var container = Manifests.OnlyContainer(template);
        Assert.Equal(["dotnet", $"{ProjectFiles.AssemblyName("src/Trainer/Trainer.csproj")}.dll", .. command], container.Command);
        Assert.StartsWith("parameter-server-trainer:", container.Image);
        Assert.True(spec.SecurityContext.RunAsNonRoot);
        Assert.False(spec.AutomountServiceAccountToken);
        var env = container.Env.ToDictionary(e => e.Name);
        Assert.Equal("true", env["Trainer__Join"].Value);
        Assert.Equal("parameter-server-config", Assert.Single(container.EnvFrom).ConfigMapRef.Name);
        Assert.Equal("parameter-server-storage", env["Cluster__AzureStorageConnectionString"].ValueFrom.SecretKeyRef.Name);
        Assert.Contains(container.VolumeMounts, m => m.MountPath == Path.GetDirectoryName(_k8s.Setting("Tls__CertificatePath")));
    }

    [Theory]
    [InlineData("silo.Dockerfile", "src/Silo/Silo.csproj", "parameter-server-silo")]
    [InlineData("trainer.Dockerfile", "src/Trainer/Trainer.csproj", "parameter-server-trainer")]
    public void DockerfilesBuildTheImagesTheManifestsRun(string dockerfile, string project, string image)
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryPaths.DockerFolder, dockerfile)).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
        Assert.True(lines.Count(l => l.StartsWith("FROM ", StringComparison.Ordinal)) >= 2, $"{dockerfile} is not multi-stage");
        Assert.Contains(lines, l => l.StartsWith("COPY --from=build ", StringComparison.Ordinal));

        // Runs as the base image's non-root user, after the last FROM.
        var runtime = lines.SkipWhile(l => l != lines.Last(x => x.StartsWith("FROM ", StringComparison.Ordinal))).ToArray();
        Assert.Contains("USER $APP_UID", runtime);
        var start = runtime.Last(l => l.StartsWith("ENTRYPOINT ", StringComparison.Ordinal) || l.StartsWith("CMD ", StringComparison.Ordinal));
        Assert.Contains($"\"{ProjectFiles.AssemblyName(project)}.dll\"", start);

        // Every project the published one depends on is copied for the restore layer.
        var copied = lines.Where(l => l.StartsWith("COPY src/", StringComparison.Ordinal) && l.Contains(".csproj", StringComparison.Ordinal))
            .Select(l => l.Split(' ')[1]).ToHashSet();
        Assert.Equal(ProjectFiles.Closure(project).Order(), copied.Order());

        // The manifests run this image.
        var images = _k8s.All<V1Deployment>().Select(d => d.Spec.Template).Concat(_k8s.All<V1Job>().Select(j => j.Spec.Template))
            .Select(t => Manifests.OnlyContainer(t).Image).ToArray();
        Assert.Contains(images, i => i.StartsWith(image + ":", StringComparison.Ordinal));
        Assert.Contains($"-t {image}:", File.ReadAllText(Path.Combine(RepositoryPaths.DockerFolder, dockerfile)));
    }

    private static bool IsIpAddress(string value) => System.Net.IPAddress.TryParse(value, out _);
}
