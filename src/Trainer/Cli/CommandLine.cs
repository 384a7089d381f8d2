namespace ParameterServer.Trainer.Cli;

/// <summary>
/// The trainer's own flags (<c>--name value</c>, or <c>--name</c> alone for a switch) apart from host settings
/// (<c>--Section:Key=value</c>, passed to the host's configuration). Unknown flags are errors, never ignored.
/// </summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string?> _flags = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public CommandLine(IEnumerable<string> args)
    {
        var settings = new List<string>();
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var arg = list[i];
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains(':'))
            {
                settings.Add(arg);
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                var hasValue = i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal);
                _flags[arg[2..]] = hasValue ? list[++i] : null;
            }
            else
            {
                throw new ArgumentException($"Unexpected argument '{arg}'; flags start with --.");
            }
        }

        Settings = settings.ToArray();
    }

    /// <summary><c>--Section:Key=value</c> arguments for the host.</summary>
    public string[] Settings { get; }

    /// <summary><see cref="Settings"/> with <c>--Trainer:Join=true</c> unless they say otherwise: for commands that
    /// read a trained model or users, which an embedded, empty silo does not have.</summary>
    public string[] JoiningSettings() => Settings.Any(s => s.StartsWith("--Trainer:Join=", StringComparison.OrdinalIgnoreCase))
        ? Settings
        : Settings.Prepend("--Trainer:Join=true").ToArray();

    public string? String(string name)
    {
        _used.Add(name);
        return _flags.TryGetValue(name, out var value) ? value ?? throw new ArgumentException($"--{name} needs a value.") : null;
    }

    public int Int(string name, int fallback, int min, int max)
    {
        var text = String(name);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"--{name} is '{text}'; give an integer from {min} to {max}.");
    }

    public float Float(string name, float fallback, float min, float max)
    {
        var text = String(name);
        if (text is null)
        {
            return fallback;
        }

        return float.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"--{name} is '{text}'; give a number from {min} to {max}.");
    }

    public bool Switch(string name)
    {
        _used.Add(name);
        return _flags.TryGetValue(name, out var value) && value is null
            ? true
            : _flags.ContainsKey(name) ? throw new ArgumentException($"--{name} takes no value.") : false;
    }

    /// <summary>Throws for a flag nothing asked for (a typo must not be silently ignored).</summary>
    public void RejectUnknown()
    {
        var unknown = _flags.Keys.Where(k => !_used.Contains(k)).ToArray();
        if (unknown.Length > 0)
        {
            throw new ArgumentException($"Unknown flag(s): {string.Join(", ", unknown.Select(u => "--" + u))}.");
        }
    }
}
