using ParameterServer.Trainer.Training;
using static TorchSharp.torch;

namespace ParameterServer.Trainer.Sequences;

/// <summary>
/// A set of items' representations: the item's own parameter-server row plus the mean of its categories' rows (genres,
/// topics: the content side that PinnerFormer's PinSage inputs carry), both tables trained. Pull, combine into
/// [items, dimension], and after backward push both tables' gradients.
/// </summary>
internal sealed class ItemRows(IReadOnlyDictionary<long, long[]> itemCategories, PinnerFormerOptions options)
{
    private const int MaxCategories = 6;

    private readonly Dictionary<long, int> _categoryIndex = [];
    private long[] _items = [];
    private long[] _categories = [];
    private long[] _slots = [];
    private float[] _weights = [];
    private float[] _itemRows = [];
    private float[] _categoryRows = [];
    private float[] _itemGradients = [];
    private float[] _categoryGradients = [];
    private Tensor? _itemLeaf;
    private Tensor? _categoryLeaf;

    public int Count => _items.Length;

    public void Set(long[] items)
    {
        _items = items;
        _categoryIndex.Clear();
        var categories = new List<long>();
        _slots = new long[items.Length * MaxCategories];
        _weights = new float[items.Length * MaxCategories];
        for (var i = 0; i < items.Length; i++)
        {
            var own = itemCategories.GetValueOrDefault(items[i], []);
            var used = Math.Min(own.Length, MaxCategories);
            for (var k = 0; k < MaxCategories; k++)
            {
                // Unused slots point at the first category with weight 0.
                var category = k < used ? own[k] : own.Length > 0 ? own[0] : -1;
                if (!_categoryIndex.TryGetValue(category, out var index))
                {
                    index = categories.Count;
                    _categoryIndex[category] = index;
                    categories.Add(category);
                }

                _slots[i * MaxCategories + k] = index;
                _weights[i * MaxCategories + k] = k < used ? 1f / used : 0f;
            }
        }

        _categories = categories.ToArray();
        _itemRows = new float[_items.Length * options.ItemDimension];
        _categoryRows = new float[_categories.Length * options.ItemDimension];
    }

    public Task Pull(IEmbeddingReader reader) => Task.WhenAll(
        reader.Pull(options.ItemTable, _items, _itemRows),
        reader.Pull(options.CategoryTable, _categories, _categoryRows));

    /// <summary>[items, dimension] representations; <paramref name="training"/> keeps the leaves for gradients.</summary>
    public Tensor Combine(bool training)
    {
        var d = options.ItemDimension;
        var items = tensor(_itemRows, [_items.Length, d]);
        var categories = tensor(_categoryRows, [_categories.Length, d]);
        if (training)
        {
            _itemLeaf = items.requires_grad_(true);
            _categoryLeaf = categories.requires_grad_(true);
        }

        var slots = tensor(_slots).view(_items.Length * MaxCategories);
        var weights = tensor(_weights, [_items.Length, MaxCategories, 1]);
        var content = (categories.index_select(0, slots).view(_items.Length, MaxCategories, d) * weights).sum(1);
        return items + content;
    }

    /// <summary>Right after backward (the leaves live in the caller's dispose scope): keeps both tables' gradients.</summary>
    public void Collect()
    {
        _itemGradients = new float[_itemRows.Length];
        _categoryGradients = new float[_categoryRows.Length];
        TensorData.CopyTo(_itemLeaf!.grad!, _itemGradients);
        TensorData.CopyTo(_categoryLeaf!.grad!, _categoryGradients);
        _itemLeaf = null;
        _categoryLeaf = null;
    }

    /// <summary>Pushes the collected gradients of both tables.</summary>
    public Task Push(IEmbeddingStore store) => Task.WhenAll(
        store.Push(options.ItemTable, _items, _itemGradients),
        store.Push(options.CategoryTable, _categories, _categoryGradients));
}
