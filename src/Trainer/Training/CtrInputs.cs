using ParameterServer.Trainer.Features;
using static TorchSharp.torch;

namespace ParameterServer.Trainer.Training;

/// <summary>
/// Turns per-table gathered rows into DeepFM's inputs: slots weighted (1/n over a multi-valued field, 0 for padding)
/// and summed per field by one matrix product with a constant slot → field matrix, then split into the field
/// embeddings and the first-order weights (each row's last float).
/// </summary>
internal sealed class CtrInputs : IDisposable
{
    private readonly CtrSchema _schema;
    private readonly int _embeddingDimension;
    private readonly Tensor _pooling;

    public CtrInputs(CtrSchema schema, int embeddingDimension)
    {
        _schema = schema;
        _embeddingDimension = embeddingDimension;
        var pooling = new float[schema.SlotCount * schema.Fields.Count];
        var row = 0;
        foreach (var slots in schema.TableSlots)
        {
            foreach (var slot in slots)
            {
                pooling[row++ * schema.Fields.Count + schema.SlotField[slot]] = 1;
            }
        }

        _pooling = tensor(pooling, [schema.SlotCount, schema.Fields.Count]);
    }

    /// <param name="gathered">per table, [B × its slots, row] rows in batch order</param>
    /// <param name="weights">[B, slots] slot weights, slots grouped by table</param>
    /// <returns>embeddings [B, F, D] and first-order weights [B, F]</returns>
    public (Tensor Embeddings, Tensor FirstOrder) Assemble(Tensor[] gathered, Tensor weights, int batch)
    {
        var parts = new Tensor[gathered.Length];
        for (var t = 0; t < gathered.Length; t++)
        {
            parts[t] = gathered[t].view(batch, _schema.TableSlots[t].Length, _embeddingDimension + 1);
        }

        var slots = parts.Length == 1 ? parts[0] : cat(parts, 1);
        var pooled = (slots * weights.unsqueeze(-1)).transpose(1, 2).matmul(_pooling).transpose(1, 2);
        return (pooled.narrow(2, 0, _embeddingDimension), pooled.select(2, _embeddingDimension));
    }

    public void Dispose() => _pooling.Dispose();
}
