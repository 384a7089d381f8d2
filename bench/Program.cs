using ParameterServer.Bench.Sparse;

// One subcommand per benchmark family; each parses its own options.
return args switch
{
    ["sparse", .. var options] => await SparseCommand.Run(options),
    ["train", .. var options] => await ParameterServer.Bench.Train.TrainCommand.Run(options),
    ["snapshot", .. var options] => await ParameterServer.Bench.Snapshot.SnapshotCommand.Run(options),
    ["serve", .. var options] => await ParameterServer.Bench.Serve.ServeCommand.Run(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: dotnet run -c Release --project bench -- <command> [options]

        commands:
          sparse [--quick] [--silo-gen0size=<hex bytes>|default]
              in-process table, client SDK against a silo process, and a Redis baseline; dim 32, Zipf(1.05) batches.
        """);
    return 2;
}
