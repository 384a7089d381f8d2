namespace ParameterServer.Trainer.Cli;

/// <summary>One line redrawn in place on a terminal; a plain line per update when output is redirected.</summary>
internal sealed class ProgressBar(string label, long total)
{
    private const int Width = 30;

    private readonly bool _interactive = !Console.IsOutputRedirected;

    public void Update(long done, string status)
    {
        var fraction = total == 0 ? 1 : Math.Clamp(done / (double)total, 0, 1);
        var filled = (int)(fraction * Width);
        var line = $"{label} [{new string('#', filled)}{new string('.', Width - filled)}] {fraction,4:P0}  {status}";
        if (_interactive)
        {
            Console.Write($"\r{line}\u001b[K");
        }
        else
        {
            Console.WriteLine(line);
        }
    }

    public void Finish()
    {
        if (_interactive)
        {
            Console.WriteLine();
        }
    }
}
