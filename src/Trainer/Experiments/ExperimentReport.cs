using System.Text;
using ScottPlot;

namespace ParameterServer.Trainer.Experiments;

/// <summary>Writes an experiment's result: a Markdown file with its tables and a PNG of a metric over training.</summary>
internal sealed class ExperimentReport(string folder, string name)
{
    private readonly StringBuilder _markdown = new();
    private readonly List<(string Label, double[] X, double[] Y)> _series = [];

    public void Line(string text) => _markdown.AppendLine(text);

    public void Table(string[] header, IEnumerable<string[]> rows)
    {
        _markdown.AppendLine("| " + string.Join(" | ", header) + " |");
        _markdown.AppendLine("|" + string.Concat(header.Select(_ => "---|")));
        foreach (var row in rows)
        {
            _markdown.AppendLine("| " + string.Join(" | ", row) + " |");
        }

        _markdown.AppendLine();
    }

    public void Series(string label, IReadOnlyList<double> x, IReadOnlyList<double> y) => _series.Add((label, x.ToArray(), y.ToArray()));

    /// <summary>Writes <c>{name}.md</c> and <c>{name}.png</c>; returns the Markdown path.</summary>
    public string Save(string title, string xLabel, string yLabel)
    {
        Directory.CreateDirectory(folder);
        var plot = new Plot();
        foreach (var (label, x, y) in _series)
        {
            var line = plot.Add.Scatter(x, y);
            line.LegendText = label;
        }

        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.LowerRight);
        var png = Path.Combine(folder, name + ".png");
        plot.SavePng(png, 800, 500);

        var markdown = Path.Combine(folder, name + ".md");
        File.WriteAllText(markdown, $"# {title}\n\n{_markdown}\n![{title}]({name}.png)\n");
        return markdown;
    }
}
