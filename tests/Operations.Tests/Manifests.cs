using k8s;
using k8s.Models;

namespace ParameterServer.Operations.Tests;

/// <summary>Every object of every file under k8s/, read with KubernetesClient's strict loader (unknown fields fail).</summary>
internal sealed class Manifests
{
    public const string Namespace = "parameter-server";

    private Manifests(IReadOnlyList<(string File, IKubernetesObject<V1ObjectMeta> Object)> objects) => Objects = objects;

    public IReadOnlyList<(string File, IKubernetesObject<V1ObjectMeta> Object)> Objects { get; }

    public static Manifests Load()
    {
        var files = Directory.GetFiles(RepositoryPaths.KubernetesFolder, "*.*", SearchOption.AllDirectories);
        var objects = new List<(string, IKubernetesObject<V1ObjectMeta>)>();
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            Assert.True(file.EndsWith(".yaml", StringComparison.Ordinal), $"{file}: only .yaml manifests belong in k8s/");
            List<object> loaded;
            try
            {
                loaded = KubernetesYaml.LoadAllFromString(File.ReadAllText(file), strict: true);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"{Path.GetFileName(file)} does not load strictly: {e.Message}");
            }

            Assert.True(loaded.Count > 0, $"{file} holds no object");
            foreach (var item in loaded)
            {
                var typed = Assert.IsAssignableFrom<IKubernetesObject<V1ObjectMeta>>(item);
                objects.Add((Path.GetFileName(file), typed));
            }
        }

        return new Manifests(objects);
    }

    public IEnumerable<T> All<T>() => Objects.Select(o => o.Object).OfType<T>();

    public T Single<T>(string name)
        where T : IKubernetesObject<V1ObjectMeta> =>
        All<T>().SingleOrDefault(o => o.Metadata.Name == name)
            ?? throw new Xunit.Sdk.XunitException($"k8s/ has no {typeof(T).Name} named {name}");

    public V1ConfigMap Config => Single<V1ConfigMap>("parameter-server-config");

    public V1Deployment Silo(string pool) => Single<V1Deployment>($"parameter-server-{pool}");

    public string Setting(string key) =>
        Config.Data.TryGetValue(key, out var value) ? value : throw new Xunit.Sdk.XunitException($"the ConfigMap has no {key}");

    public static V1Container OnlyContainer(V1PodTemplateSpec template) => Assert.Single(template.Spec.Containers);

    /// <summary>The container port a probe's named port refers to.</summary>
    public static int PortNumber(V1Container container, IntOrString port) =>
        int.TryParse(port.Value, out var number)
            ? number
            : container.Ports.SingleOrDefault(p => p.Name == port.Value)?.ContainerPort
                ?? throw new Xunit.Sdk.XunitException($"container {container.Name} has no port named {port.Value}");

    public static bool Selects(IDictionary<string, string> selector, IDictionary<string, string> labels) =>
        selector.All(s => labels.TryGetValue(s.Key, out var v) && v == s.Value);
}
