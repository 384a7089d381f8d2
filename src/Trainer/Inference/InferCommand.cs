using ParameterServer.Trainer.Cli;
using ParameterServer.Trainer.Data;
using ParameterServer.Trainer.Data.Synthetic;
using ParameterServer.Trainer.Hosting;
using ParameterServer.Trainer.Sequences;

namespace ParameterServer.Trainer.Inference;

/// <summary><c>infer</c>: joins a running cluster and runs the daily batch inference of PinnerFormer once.</summary>
internal static class InferCommand
{
    public const string Usage =
        "usage: dotnet run -c Release --project src/Trainer -- infer [--data PATH] [--name NAME] [--concurrency N] [--batch N] [--all] [--skip-bad-lines] [--Cluster:Key=value ...]";

    public static async Task<int> Run(string[] args)
    {
        var cli = new CommandLine(args);
        var dataPath = cli.String("data");
        var name = cli.String("name") ?? new PinnerFormerOptions().Name;
        var concurrency = cli.Int("concurrency", 32, 1, 1_024);
        var batch = cli.Int("batch", 256, 1, 100_000);
        var everyone = cli.Switch("all");
        var readerOptions = new ReaderOptions { SkipBadLines = cli.Switch("skip-bad-lines") };
        cli.RejectUnknown();
        if (DataSource.IsCriteo(dataPath))
        {
            throw new ArgumentException("PinnerFormer needs the item categories of the log it was trained on: give a MovieLens folder or a Taobao CSV.");
        }

        // The item categories and action types the model was trained with come from its data; rows and weights from the cluster.
        var log = DataSource.Load(dataPath, readerOptions, new SyntheticOptions());

        // A batch job reads a trained model: an embedded, empty silo has none, so it always joins.
        await using var host = await TrainerHost.Start(cli.JoiningSettings());
        var options = new PinnerFormerOptions { Name = name };
        try
        {
            using var encoder = await PinnerFormerEncoder.FromServing(host.Dense, host.Sparse, options, log.ActionTypes, log.ItemCategories);
            var run = await new BatchInference(host.Client, encoder, TimeProvider.System, concurrency, batch).Run(everyone);
            Console.WriteLine(run);
            return 0;
        }
        catch (UnknownModelException)
        {
            Console.Error.WriteLine($"error: the cluster has no model '{options.DenseModelName}': train PinnerFormer (name '{name}') into it first.");
            return 1;
        }
    }
}
