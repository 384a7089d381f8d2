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
          train [--quick] [--shards=N] [--batch=N] [--torch-threads=N]
              DeepFM through a silo process vs local nn.Embedding tables.
          snapshot [--quick]
              a 10M-row shard written and restored through a local folder and Azurite vs a plain file copy.
          serve [--quick] [--in-flight=N]
              Recommend(k = 10) against 100k items in 4 shards and 1,000 users; event-to-serving through the loop.
        """);
    return 2;
}
