using System.Collections.Concurrent;
using Orleans.Serialization;
using Orleans.Storage;

namespace ParameterServer.Cluster.Tests;

/// <summary>
/// Grain state kept for the whole test process, outside any silo: it survives a silo being stopped, as Azure Blob
/// storage does in a real cluster. Orleans's memory storage keeps state in grains, which leave with their silo.
/// Keyed by cluster id, so the clusters of different tests never see each other's state.
/// </summary>
internal sealed class ProcessWideGrainStorage(DeepCopier copier, string clusterId) : IGrainStorage
{
    private static readonly ConcurrentDictionary<(string Cluster, string State, GrainId Grain), (object State, string ETag)> States = new();

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (States.TryGetValue((clusterId, stateName, grainId), out var stored))
        {
            grainState.State = copier.Copy((T)stored.State);
            grainState.ETag = stored.ETag;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var etag = Guid.NewGuid().ToString("N");
        States[(clusterId, stateName, grainId)] = (copier.Copy(grainState.State)!, etag);
        grainState.ETag = etag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        States.TryRemove((clusterId, stateName, grainId), out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }
}
