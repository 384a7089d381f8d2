using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Timers;
using ParameterServer.Grains.Hosting;

namespace ParameterServer.Grains.Snapshots;

internal static class SnapshotSiloBuilderExtensions
{
    /// <summary>The snapshot store, catalogue and shard helpers for the configured store, and a start-up task that
    /// makes sure the snapshot reminders exist. With Store = None nothing is registered and shards start empty.</summary>
    public static ISiloBuilder AddSnapshots(this ISiloBuilder builder, Action<SnapshotOptions>? configure)
    {
        var options = new SnapshotOptions();
        builder.Configuration.GetSection(SnapshotOptions.SectionName).Bind(options);
        configure?.Invoke(options);
        var validation = new SnapshotOptionsValidator().Validate(Options.DefaultName, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(SnapshotOptions), validation.Failures);
        }

        builder.Services.AddSingleton(Options.Create(options));
        if (options.Store == SnapshotStoreKind.None)
        {
            return builder;
        }

        var store = CreateStore(options, builder.Configuration);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton<SnapshotCatalog>();
        builder.Services.AddSingleton<ShardSnapshots>();
        builder.AddStartupTask((services, _) =>
        {
            // A host without a reminder service (a bare test silo) still takes on-demand snapshots and restores.
            if (services.GetService<IReminderRegistry>() is null)
            {
                services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SnapshotGrain))
                    .LogWarning("No reminder service is configured: scheduled snapshots are off; SnapshotNow and restores still work.");
                return Task.CompletedTask;
            }

            return services.GetRequiredService<IGrainFactory>().GetGrain<ISnapshotGrain>(ISnapshotGrain.Key).EnsureScheduled();
        });
        return builder;
    }

    private static ISnapshotStore CreateStore(SnapshotOptions options, IConfiguration configuration)
    {
        if (options.Store == SnapshotStoreKind.LocalFolder)
        {
            return new LocalFolderSnapshotStore(Path.GetFullPath(options.Folder));
        }

        var connection = string.IsNullOrWhiteSpace(options.AzureStorageConnectionString)
            ? configuration[$"{ClusterSettings.SectionName}:{nameof(ClusterSettings.AzureStorageConnectionString)}"]
            : options.AzureStorageConnectionString;
        if (string.IsNullOrWhiteSpace(connection))
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(SnapshotOptions),
            [
                $"{SnapshotOptions.SectionName}:Store is AzureBlob but neither {SnapshotOptions.SectionName}:AzureStorageConnectionString nor {ClusterSettings.SectionName}:AzureStorageConnectionString is set.",
            ]);
        }

        // A few quick retries: an outage should fail the snapshot in seconds and leave the retry to the coordinator.
        var clientOptions = new BlobClientOptions();
        clientOptions.Retry.MaxRetries = 3;
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(200);
        clientOptions.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        clientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        return new AzureBlobSnapshotStore(new BlobServiceClient(connection, clientOptions).GetBlobContainerClient(options.Container));
    }
}
