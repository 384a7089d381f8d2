using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ParameterServer.Grains.Hosting;
using ParameterServer.Realtime;
using ParameterServer.Trainer.Online;
using ParameterServer.Trainer.Tests.Ctr;
using ParameterServer.Trainer.Training;

namespace ParameterServer.Trainer.Tests.Online;

/// <summary>The online trainer against a silo process that is killed and started again under it.</summary>
public sealed class OnlineRestartTests
{
    private const int EventsPerRound = 300;

    [Fact]
    public async Task OnlineTrainingResumesAfterTheClusterIsRestartedUnderIt()
    {
        var clusterId = $"online-restart-{Guid.NewGuid():N}";
        var silo = SiloProcess.Start(clusterId, SiloPool.All);
        try
        {
            using var host = await SiloClient.Connect(TimeSpan.FromSeconds(60), (builder, client) =>
            {
                builder.Configuration.AddInMemoryCollection([
                    new("Cluster:ClusterId", clusterId),
                    new("Cluster:GatewayPort", silo.GatewayPort.ToString()),
                ]);
                client.UseParameterServerCluster(builder.Configuration);
            }, silo);
            var cluster = host.Services.GetRequiredService<IClusterClient>();
            var sparse = new ParameterServerClient(cluster);
            var dense = new DenseParameterClient(cluster);
            var data = MovieLensCtr.Build("online-restart.");
            var options = new CtrTrainerOptions { Name = "online-restart", BatchSize = 64 };
            await using var session = await OnlineSession.Start(
                cluster, data.Schema, _ => CtrTrainer.Connect(data.Schema, options, sparse, dense),
                new OnlineTrainerOptions { BatchSize = 64, MaxDelay = TimeSpan.FromMilliseconds(50) });
            var (online, subscription) = (session.Trainer, session.Subscription);
            var publisher = new RealtimePublisher(cluster);

            await Publish(publisher, data, round: 0);
            await Eventually.Holds("the first round's clicks to be trained", TimeSpan.FromSeconds(60),
                () => online.Progress.Examples == EventsPerRound, () => online.Progress.ToString());

            var (siloPort, gatewayPort) = (silo.SiloPort, silo.GatewayPort);
            silo.Dispose();
            silo = SiloProcess.Start(clusterId, SiloPool.All, siloPort, gatewayPort, primarySiloPort: 0);

            // The new cluster's pub-sub has never heard of the trainer: it must subscribe again before events flow.
            await Eventually.Holds("the trainer to subscribe to the restarted cluster's examples streams", TimeSpan.FromSeconds(90),
                () => subscription.Subscriptions >= 2 * RealtimeStreams.Partitions, () => $"{subscription.Subscriptions} subscriptions; silo output:\n{silo.Output}");
            await Publish(publisher, data, round: 1);
            await Eventually.Holds("the second round's clicks to be trained on the restarted cluster", TimeSpan.FromSeconds(60),
                () => online.Progress.Examples == 2 * EventsPerRound, () => online.Progress.ToString());

            // The tables are back (created again by the reconnected trainer) and hold what round two trained.
            var itemTable = data.Schema.Tables[1];
            var itemKey = data.Keys[EventsPerRound * data.Schema.SlotCount + 1];
            var initial = new float[options.Model.RowDimension];
            options.TableConfig(itemTable).Embedding.Initializer.Fill(itemKey, initial);
            Assert.NotEqual(initial, await sparse.PullForTraining(itemTable, new[] { itemKey }));
        }
        finally
        {
            silo.Dispose();
        }
    }

    /// <summary>A round of impressions, each clicked at once (positives join immediately, no window to wait for).</summary>
    private static async Task Publish(RealtimePublisher publisher, Features.CtrDataset data, int round)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var indices = Enumerable.Range(round * EventsPerRound, EventsPerRound).ToArray();
        var features = indices.Select(i => CtrEvents.Features(data, i, requestId: i + 1) with { TimestampMs = now }).ToArray();
        var clicks = features.Select(f => new UserAction
        {
            RequestId = f.RequestId, UserId = f.UserId, ItemId = f.ItemId, Kind = ActionKind.Click, TimestampMs = now,
        }).ToArray();

        // Right after a restart the client may still be reconnecting: retry the round (repeats are duplicates to the joiner).
        await Eventually.Holds($"round {round}'s events to be accepted by the cluster", TimeSpan.FromSeconds(60), async () =>
        {
            try
            {
                await publisher.PublishFeatures(features);
                await publisher.PublishActions(clicks);
                return true;
            }
            catch (Exception e) when (e is not ArgumentException)
            {
                return false;
            }
        });
    }
}
