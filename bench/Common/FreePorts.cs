using System.Net;
using System.Net.Sockets;

namespace ParameterServer.Bench.Common;

internal static class FreePorts
{
    /// <summary>Distinct free loopback ports: all listeners stay open until every port is chosen, so none repeats.</summary>
    public static int[] Take(int count)
    {
        var listeners = new TcpListener[count];
        try
        {
            for (var i = 0; i < count; i++)
            {
                listeners[i] = new TcpListener(IPAddress.Loopback, 0);
                listeners[i].Start();
            }

            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener?.Stop();
            }
        }
    }
}
