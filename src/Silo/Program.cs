using ParameterServer.Silo;

// Settings come from appsettings.json beside the binary, then environment variables, then the command line.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.UseOrleans(silo => silo.ConfigureParameterServerSilo(builder.Configuration));
await builder.Build().RunAsync();
