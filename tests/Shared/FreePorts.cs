using System.Net;
using System.Net.Sockets;

namespace ParameterServer.Tests;

internal static class FreePorts
{
    /// <summary>One free loopback port.</summary>
    public static int One() => Take(1)[0];

    /// <summary>Distinct free loopback ports (all held open until every one is chosen, so none repeats).</summary>
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners)
            {
                listener.Start();
            }

            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }
}
