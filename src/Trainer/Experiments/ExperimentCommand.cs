using ParameterServer.Trainer.Cli;
using ParameterServer.Trainer.Data;
using ParameterServer.Trainer.Data.Synthetic;
using ParameterServer.Trainer.Hosting;

namespace ParameterServer.Trainer.Experiments;

/// <summary><c>experiment collisionless|loss|inference-frequency|sync-interval --data PATH [--out DIR] ...</c>: reproduces a paper's claim on real data.</summary>
internal static class ExperimentCommand
{
    public const string Usage =
        "usage: dotnet run -c Release --project src/Trainer -- experiment collisionless|loss|inference-frequency|sync-interval [--data PATH] [--out DIR] [--epochs N] [--steps N] [--eval-every N] [--days N] [--cut X] [--online-batch N] [--sparse-lr X] [--dense-lr X] [--skip-bad-lines]";

    public static async Task<int> Run(string[] args)
    {
        var name = args.FirstOrDefault();
        if (name is not ("collisionless" or "loss" or "inference-frequency" or "sync-interval"))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var cli = new CommandLine(args.Skip(1));
        var dataPath = cli.String("data");
        var output = cli.String("out") ?? Path.Combine("artifacts", "experiments");
        var epochs = cli.Int("epochs", name == "sync-interval" ? 2 : 5, 1, 1_000);
        var steps = cli.Int("steps", 600, 1, 1_000_000);
        var evaluateEvery = cli.Int("eval-every", 100, 1, 1_000_000);
        var days = cli.Int("days", 7, 1, 365);
        var sparseRate = cli.Float("sparse-lr", 0, 0, 10f);
        var denseRate = cli.Float("dense-lr", 0, 0, 1f);
        var cut = cli.Float("cut", 0.7f, 0.05f, 0.95f);
        var onlineBatch = cli.Int("online-batch", 64, 1, 65_536);
        var readerOptions = new ReaderOptions { SkipBadLines = cli.Switch("skip-bad-lines") };
        cli.RejectUnknown();
        if (DataSource.IsCriteo(dataPath))
        {
            throw new ArgumentException("The experiments need users and items: give a MovieLens folder or a Taobao CSV.");
        }

        var log = DataSource.Load(dataPath, readerOptions, new SyntheticOptions());
        await using var host = await TrainerHost.Start(cli.Settings);
        if (name == "collisionless")
        {
            await CollisionlessExperiment.Run(host, log, epochs, output);
        }
        else if (name == "sync-interval")
        {
            await SyncIntervalExperiment.Run(host, log, epochs, cut, onlineBatch, sparseRate, denseRate, output);
        }
        else
        {
            var options = new Sequences.PinnerFormerOptions();
            options = options with
            {
                SparseLearningRate = sparseRate > 0 ? sparseRate : options.SparseLearningRate,
                DenseLearningRate = denseRate > 0 ? denseRate : options.DenseLearningRate,
            };
            if (name == "loss")
            {
                await LossExperiment.Run(host, log, options, steps, evaluateEvery, output);
            }
            else
            {
                await InferenceFrequencyExperiment.Run(host, log, options, steps, days, output);
            }
        }

        return 0;
    }
}
