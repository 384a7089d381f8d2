using System.Threading.Channels;
using ParameterServer.Realtime;
using ParameterServer.Trainer.Features;
using ParameterServer.Trainer.Training;

namespace ParameterServer.Trainer.Online;

/// <summary>
/// Trains DeepFM continuously on joined examples: stream deliveries are queued (bounded, so a slow trainer slows
/// delivery instead of growing), and a step runs once <see cref="OnlineTrainerOptions.BatchSize"/> examples wait or the
/// oldest has waited <see cref="OnlineTrainerOptions.MaxDelay"/>. Gradients go to the training pool, and the eager sync
/// carries them to serving. An example whose shape does not fit the schema is rejected and counted; the rest train.
/// </summary>
public sealed class OnlineTrainer
{
    private readonly CtrTrainer _trainer;
    private readonly OnlineTrainerOptions _options;
    private readonly TimeProvider _time;
    private readonly Channel<ExampleBatch> _queue;
    private readonly List<TrainingExample> _pending = [];
    private long _examples;
    private long _positives;
    private long _steps;
    private long _rejected;
    private long _newestExampleMs;

    public OnlineTrainer(CtrTrainer trainer, OnlineTrainerOptions options, TimeProvider? time = null)
    {
        options.Validate();
        _trainer = trainer;
        _options = options;
        _time = time ?? TimeProvider.System;
        _queue = Channel.CreateBounded<ExampleBatch>(new BoundedChannelOptions(options.QueueCapacity) { SingleReader = true });
    }

    public OnlineProgress Progress => new(
        Interlocked.Read(ref _examples), Interlocked.Read(ref _positives), Interlocked.Read(ref _steps),
        Interlocked.Read(ref _rejected), Interlocked.Read(ref _newestExampleMs));

    /// <summary>Called after each step with the examples it trained (e.g. to time event-to-serving).</summary>
    public Action<IReadOnlyList<TrainingExample>>? Trained { get; init; }

    /// <summary>Queues one stream event; waits while the queue is full.</summary>
    public ValueTask Offer(ExampleBatch batch, CancellationToken cancellationToken = default) =>
        _queue.Writer.WriteAsync(batch, cancellationToken);

    /// <summary>Trains until cancelled, then trains what is already queued and returns.</summary>
    public async Task Run(CancellationToken cancellationToken)
    {
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken))
            {
                var deadline = _time.GetUtcNow() + _options.MaxDelay;
                Take(reader);
                while (_pending.Count < _options.BatchSize)
                {
                    var wait = deadline - _time.GetUtcNow();
                    if (wait <= TimeSpan.Zero || !await WaitForMore(reader, wait, cancellationToken))
                    {
                        break;
                    }

                    Take(reader);
                }

                await TrainPending();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Take(reader);
            await TrainPending();
        }
    }

    private async Task<bool> WaitForMore(ChannelReader<ExampleBatch> reader, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(wait);
        try
        {
            return await reader.WaitToReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private void Take(ChannelReader<ExampleBatch> reader)
    {
        var schema = _trainer.Schema;
        while (_pending.Count < _options.BatchSize && reader.TryRead(out var batch))
        {
            foreach (var example in batch.Items ?? [])
            {
                if (Fits(example, schema))
                {
                    _pending.Add(example);
                }
                else
                {
                    Interlocked.Increment(ref _rejected);
                }
            }
        }
    }

    private async Task TrainPending()
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var schema = _trainer.Schema;
        var data = new CtrDataset(schema, _pending.Count);
        long positives = 0;
        long newest = 0;
        for (var i = 0; i < _pending.Count; i++)
        {
            var example = _pending[i];
            data.Labels[i] = example.Label;
            data.Users[i] = example.UserId;
            data.Items[i] = example.ItemId;
            data.Timestamps[i] = example.TimestampMs;
            example.Keys.CopyTo(data.Keys, i * schema.SlotCount);
            example.SlotWeights.CopyTo(data.Weights, i * schema.SlotCount);
            example.Dense.CopyTo(data.Dense, i * schema.DenseCount);
            positives += example.Label > 0 ? 1 : 0;
            newest = Math.Max(newest, example.TimestampMs);
        }

        await _trainer.Train(data, CtrDataset.Range(0, data.Count));
        Interlocked.Add(ref _examples, data.Count);
        Interlocked.Add(ref _positives, positives);
        Interlocked.Increment(ref _steps);
        if (newest > Interlocked.Read(ref _newestExampleMs))
        {
            Interlocked.Exchange(ref _newestExampleMs, newest);
        }

        Trained?.Invoke(_pending);
        _pending.Clear();
    }

    private static bool Fits(TrainingExample? example, CtrSchema schema) =>
        example is not null
        && example.Label is 0 or 1
        && example.Keys?.Length == schema.SlotCount
        && example.SlotWeights?.Length == schema.SlotCount
        && example.Dense?.Length == schema.DenseCount
        && Embeddings.FloatSpans.IndexOfNonFinite(example.SlotWeights) < 0
        && Embeddings.FloatSpans.IndexOfNonFinite(example.Dense) < 0;
}
