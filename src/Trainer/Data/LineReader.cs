using System.Buffers;

namespace ParameterServer.Trainer.Data;

/// <summary>
/// Reads a text file line by line as bytes from one pooled buffer: constant memory and no allocation per line.
/// Tracks the line number for error messages and counts lines skipped as malformed. Handles '\n' and "\r\n".
/// </summary>
public sealed class LineReader : IDisposable
{
    private const int InitialBufferSize = 1 << 16;

    private readonly Stream _stream;
    private readonly ReaderOptions _options;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
    private int _start;
    private int _end;
    private bool _eof;

    public LineReader(string path, ReaderOptions? options = null)
    {
        Path = path;
        _options = options ?? ReaderOptions.Strict;
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
    }

    /// <summary>The file, as given.</summary>
    public string Path { get; }

    /// <summary>1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Malformed lines skipped (only with <see cref="ReaderOptions.SkipBadLines"/>).</summary>
    public long SkippedLines { get; private set; }

    /// <summary>The next line without its terminator; false at the end of the file. The span is valid until the next call.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = Trim(_buffer.AsSpan(_start, newline));
                _start += newline + 1;
                LineNumber++;
                return true;
            }

            if (_eof)
            {
                if (_start < _end)
                {
                    line = Trim(_buffer.AsSpan(_start, _end - _start));
                    _start = _end;
                    LineNumber++;
                    return true;
                }

                line = default;
                return false;
            }

            Fill();
        }
    }

    /// <summary>Throws <see cref="DataFormatException"/> for the current line, or counts it as skipped and returns
    /// when bad lines may be skipped.</summary>
    public void Reject(string problem)
    {
        if (!_options.SkipBadLines)
        {
            throw new DataFormatException(Path, LineNumber, problem);
        }

        SkippedLines++;
    }

    public void Dispose()
    {
        _stream.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            // A line longer than the buffer: grow (rare; bounded by the longest line).
            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;
}
