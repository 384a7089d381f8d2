using Microsoft.Extensions.DependencyInjection;
using ParameterServer.Grains.Hosting;

namespace ParameterServer.Operations.Tests;

/// <summary>
/// Mutual TLS with scripts/make-dev-cert.sh certificates: silo-to-silo traffic (membership, sync) and client-to-gateway
/// traffic; a client without TLS, or whose certificate the gateway does not trust, is refused at the handshake.
/// </summary>
public sealed class TlsTests(TlsCluster cluster) : IClassFixture<TlsCluster>
{
    private static readonly TimeSpan RefusedWait = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task TrustedClientReachesBothPoolsOverTls()
    {
        var log = new RecordingLoggerProvider();
        using var client = await cluster.StartClient(cluster.Certificates.Settings, log, TimeSpan.FromSeconds(30))
            ?? throw new Xunit.Sdk.XunitException($"The trusted client did not connect:\n{string.Join('\n', log.Lines)}");
        var ps = new ParameterServerClient(client.Services.GetRequiredService<IClusterClient>());
        var config = await ps.CreateTable(Tables.Sgd(Tables.UniqueName("tls"), shards: 2));
        var ids = Tables.Ids(500);
        await ps.PullForTraining(config.Name, ids);
        await ps.PushGradients(config.Name, ids, RandomRows.Gradients(ids.Length, config.Dimension, seed: 9));
        var trained = await ps.PullForTraining(config.Name, ids);

        // Serving shards live on the other silo: equal rows there mean sync crossed the silo-to-silo TLS link.
        await Eventually.Holds("the serving silo's copy to equal training", TimeSpan.FromSeconds(30),
            async () => (await ps.Lookup(config.Name, ids)).AsSpan().SequenceEqual(trained));
        var grains = client.Services.GetRequiredService<IGrainFactory>();
        var training = await grains.GetGrain<ITrainingShardGrain>(0, config.Name).GetStats();
        var serving = await grains.GetGrain<IServingShardGrain>(0, config.Name).GetStats();
        Assert.Equal(SiloPool.Training, training.Pool);
        Assert.Equal(SiloPool.Serving, serving.Pool);
        Assert.NotEqual(training.Silo, serving.Silo);
    }

    [Fact]
    public async Task PlainTcpClientIsRefused() =>
        await AssertRefused(new Dictionary<string, string?>());

    [Fact]
    public async Task ClientWhoseCertificateTheGatewayDoesNotTrustIsRefused()
    {
        // The client trusts the cluster's CA (so it would accept the gateway) but holds a certificate from another CA.
        using var stranger = DevCertificates.Make();
        var bothCas = Path.Combine(stranger.Folder, "both-cas.crt");
        await File.WriteAllTextAsync(bothCas, await File.ReadAllTextAsync(stranger.Ca) + await File.ReadAllTextAsync(cluster.Certificates.Ca));
        var settings = stranger.Settings;
        settings["Tls:CaCertificatePath"] = bothCas;
        await AssertRefused(settings);
    }

    private async Task AssertRefused(Dictionary<string, string?> settings)
    {
        var refusedBefore = cluster.RefusedHandshakes;
        var log = new RecordingLoggerProvider();
        using var client = await cluster.StartClient(settings, log, RefusedWait);
        Assert.True(client is null, "The client connected to a TLS gateway it should not reach.");
        Assert.Contains(log.Lines, l => l.Contains($"Connection attempt to endpoint S127.0.0.1:{cluster.GatewayPort}:0 failed", StringComparison.Ordinal));
        await Eventually.Holds("the gateway to log a refused TLS handshake", TimeSpan.FromSeconds(5),
            () => cluster.RefusedHandshakes > refusedBefore,
            () => $"client log:\n{string.Join('\n', log.Lines)}");
    }
}
