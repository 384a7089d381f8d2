using ParameterServer.Trainer.Hosting;

namespace ParameterServer.Trainer.Cli;

/// <summary><c>recommend --user ID</c>: a user's top items from a running cluster, as the SDK's Recommend returns them.</summary>
internal static class RecommendCommand
{
    public const string Usage =
        "usage: dotnet run --project src/Trainer -- recommend --user ID [--k N] [--include-seen] [--Cluster:Key=value ...]";

    public static async Task<int> Run(string[] args)
    {
        var cli = new CommandLine(args);
        var user = cli.String("user") is { } text && long.TryParse(text, out var id)
            ? id
            : throw new ArgumentException("--user needs a numeric user ID. " + Usage);
        var k = cli.Int("k", 10, 1, ParameterServerClient.MaxTopK);
        var excludeSeen = !cli.Switch("include-seen");
        cli.RejectUnknown();

        await using var host = await TrainerHost.Start(cli.JoiningSettings());
        var profile = await host.Client.GetGrain<Realtime.IUserGrain>(user).GetProfile();
        var recommendation = await host.Sparse.Recommend(user, k, excludeSeen);
        Console.WriteLine($"User {user}: {profile.Recent.Length} realtime actions, long-term embedding " +
            $"{(profile.LongTerm is { } longTerm ? DateTimeOffset.FromUnixTimeMilliseconds(longTerm.ComputedAtMs).ToString("yyyy-MM-dd HH:mm:ss") + "Z" : "none")}; " +
            $"source {recommendation.Source}{(excludeSeen ? ", seen items excluded" : "")}:");
        foreach (var item in recommendation.Items)
        {
            Console.WriteLine($"  {item.Score,10:0.0000}  item {item.Id}");
        }

        return 0;
    }
}
