using OpenTelemetry.Metrics;

namespace ParameterServer.Operations.Tests;

/// <summary>One flush of the in-memory metric exporter, with lookups by instrument name and tags.</summary>
internal sealed class ExportedMetrics(IReadOnlyList<MetricSnapshot> snapshots)
{
    public IReadOnlyList<MetricSnapshot> Snapshots => snapshots;

    public IEnumerable<string> Names => snapshots.Select(s => s.Name).Distinct();

    /// <summary>The points of <paramref name="name"/> whose tags include every pair of <paramref name="tags"/>.</summary>
    public IReadOnlyList<MetricPoint> Points(string name, params (string Key, object Value)[] tags)
    {
        var points = new List<MetricPoint>();
        foreach (var snapshot in snapshots.Where(s => s.Name == name))
        {
            foreach (var point in snapshot.MetricPoints)
            {
                var pointTags = new Dictionary<string, object?>();
                foreach (var tag in point.Tags)
                {
                    pointTags[tag.Key] = tag.Value;
                }

                if (tags.All(t => pointTags.TryGetValue(t.Key, out var v) && Equals(v?.ToString(), t.Value.ToString())))
                {
                    points.Add(point);
                }
            }
        }

        return points;
    }

    public long Sum(string name, params (string Key, object Value)[] tags) =>
        Points(name, tags).Sum(p => p.GetSumLong());

    public long GaugeSum(string name, params (string Key, object Value)[] tags) =>
        Points(name, tags).Sum(p => p.GetGaugeLastValueLong());

    public (long Count, double Sum) Histogram(string name, params (string Key, object Value)[] tags)
    {
        var points = Points(name, tags);
        return (points.Sum(p => p.GetHistogramCount()), points.Sum(p => p.GetHistogramSum()));
    }

    public double HistogramMax(string name, params (string Key, object Value)[] tags) =>
        Points(name, tags).Select(p => p.TryGetHistogramMinMaxValues(out _, out var max) ? max : double.NaN).DefaultIfEmpty(double.NaN).Max();

    public string Describe(string name) =>
        string.Join("; ", snapshots.Where(s => s.Name == name).SelectMany(s => s.MetricPoints).Select(p =>
            string.Join(",", Tags(p)) + " = " + Value(p)));

    private static IEnumerable<string> Tags(MetricPoint point)
    {
        foreach (var tag in point.Tags)
        {
            yield return $"{tag.Key}={tag.Value}";
        }
    }

    private static string Value(MetricPoint point)
    {
        try
        {
            return point.GetSumLong().ToString();
        }
        catch (NotSupportedException)
        {
            try
            {
                return point.GetGaugeLastValueLong().ToString();
            }
            catch (NotSupportedException)
            {
                return $"count {point.GetHistogramCount()} sum {point.GetHistogramSum()}";
            }
        }
    }
}
