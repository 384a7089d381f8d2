using System.Runtime.InteropServices;

namespace ParameterServer.Bench.Snapshot;

/// <summary>
/// Runs a cleanup when Ctrl+C (SIGINT) or SIGTERM ends the harness; the process then terminates as it would have.
/// Needed because neither unwinds finally blocks, and since .NET 10 SIGTERM no longer raises ProcessExit: without it
/// Azurite would outlive the harness and gigabytes would stay under /tmp.
/// </summary>
internal sealed class CleanupOnSignal : IDisposable
{
    private readonly PosixSignalRegistration[] _registrations;
    private int _ran;

    public CleanupOnSignal(Action cleanup)
    {
        _registrations =
        [
            .. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM }.Select(signal => PosixSignalRegistration.Create(signal, _ =>
            {
                if (Interlocked.Exchange(ref _ran, 1) == 0)
                {
                    cleanup();
                }
            })),
        ];
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }
}
