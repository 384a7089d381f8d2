using ParameterServer.Trainer.Demo;

return args.FirstOrDefault() switch
{
    null or "demo" => await SparseDemo.Run(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run --project src/Trainer -- demo [--Cluster:GatewayPort=N ...]");
    return 2;
}
