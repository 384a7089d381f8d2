using ParameterServer.Trainer.Cli;
using ParameterServer.Trainer.Data;
using ParameterServer.Trainer.Demo;
using ParameterServer.Trainer.Experiments;
using ParameterServer.Trainer.Online;
using ParameterServer.Trainer.Fusion;
using ParameterServer.Trainer.Inference;

try
{
    return args.FirstOrDefault() switch
    {
        null or "demo" => await CtrDemo.Run(args.Skip(1).ToArray()),
        "experiment" => await ExperimentCommand.Run(args.Skip(1).ToArray()),
        "online" => await OnlineCommand.Run(args.Skip(1).ToArray()),
        "recommend" => await RecommendCommand.Run(args.Skip(1).ToArray()),
        "infer" => await InferCommand.Run(args.Skip(1).ToArray()),
        "train-fusion" => await FusionCommand.Run(args.Skip(1).ToArray()),
        "snapshot" or "snapshots" or "restore" => await SnapshotCommands.Run(args[0], args.Skip(1).ToArray()),
        _ => CtrDemo.PrintUsage(),
    };
}
catch (Exception e) when (e is ArgumentException or Microsoft.Extensions.Options.OptionsValidationException or DataFormatException or FileNotFoundException or DirectoryNotFoundException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}
