using ParameterServer.Bench.Common;
using StackExchange.Redis;

namespace ParameterServer.Bench.Sparse;

/// <summary>Debian's redis-server on a free loopback port, without persistence, and a connection to it.</summary>
internal sealed class RedisServer : IAsyncDisposable
{
    public const string Executable = "/usr/bin/redis-server";

    private readonly ChildProcess _process;
    private readonly ConnectionMultiplexer _connection;

    private RedisServer(ChildProcess process, ConnectionMultiplexer connection)
    {
        _process = process;
        _connection = connection;
    }

    public IDatabase Database => _connection.GetDatabase();

    public TimeSpan CpuTime => _process.CpuTime;

    public static bool IsInstalled => File.Exists(Executable);

    public static async Task<RedisServer> Start(TimeSpan timeout)
    {
        var port = FreePorts.Take(1)[0];
        var process = new ChildProcess(
            "redis-server",
            Executable,
            ["--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"]);
        try
        {
            return new RedisServer(process, await Connect(process, port, timeout));
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _connection.CloseAsync(allowCommandsToComplete: false);
        }
        finally
        {
            _connection.Dispose();
            _process.Dispose();
        }
    }

    /// <summary>Retries until the server answers or the deadline passes; gives up at once if it has exited.</summary>
    private static async Task<ConnectionMultiplexer> Connect(ChildProcess server, int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            server.ThrowIfExited();
            try
            {
                var options = new ConfigurationOptions { AbortOnConnectFail = true, ConnectTimeout = 1000 };
                options.EndPoints.Add("127.0.0.1", port);
                return await ConnectionMultiplexer.ConnectAsync(options);
            }
            catch (RedisConnectionException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }
}
