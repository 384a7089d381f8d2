namespace ParameterServer.Trainer.Tests;

/// <summary>A temporary folder for small hand-written data files; deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ps-trainer-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string name, string text)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, text, System.Text.Encoding.Latin1);
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
