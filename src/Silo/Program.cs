using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using ParameterServer.Grains.Dense;
using ParameterServer.Grains.Hosting;
using ParameterServer.ServiceDefaults;

// Settings come from appsettings.json beside the binary, then environment variables, then the command line.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddServiceDefaults();
builder.UseOrleans(silo => silo
    .UseParameterServerCluster(builder.Configuration)
    .AddDenseParameters()
    .AddParameterServerOperations(builder.Configuration));
var app = builder.Build();
app.MapDefaultEndpoints();
await app.RunAsync();
