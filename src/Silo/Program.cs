using Microsoft.Extensions.Hosting;
using ParameterServer.Grains.Hosting;

// Settings come from appsettings.json beside the binary, then environment variables, then the command line.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.UseOrleans(silo => silo.UseParameterServerCluster(builder.Configuration));
await builder.Build().RunAsync();
