using Microsoft.Extensions.Options;

namespace ParameterServer.Grains.Hosting;

internal sealed class ParameterServerOptionsValidator : IValidateOptions<ParameterServerOptions>
{
    public ValidateOptionsResult Validate(string? name, ParameterServerOptions options)
    {
        var failures = new List<string>();
        if (!SiloPool.IsValid(options.Pool))
        {
            failures.Add($"{ParameterServerOptions.SectionName}:Pool is '{options.Pool}'; set it to '{SiloPool.Training}', '{SiloPool.Serving}' or '{SiloPool.All}'.");
        }

        if (options.SyncInterval < TimeSpan.FromMilliseconds(10) || options.SyncInterval > TimeSpan.FromHours(1))
        {
            failures.Add($"{ParameterServerOptions.SectionName}:SyncInterval is {options.SyncInterval}; set it between 00:00:00.010 and 01:00:00.");
        }

        if (options.EvictionInterval < TimeSpan.FromMilliseconds(100) || options.EvictionInterval > TimeSpan.FromDays(1))
        {
            failures.Add($"{ParameterServerOptions.SectionName}:EvictionInterval is {options.EvictionInterval}; set it between 00:00:00.100 and 1.00:00:00.");
        }

        if (options.MaxRowsPerCall is < 1 or > 1 << 24)
        {
            failures.Add($"{ParameterServerOptions.SectionName}:MaxRowsPerCall is {options.MaxRowsPerCall}; set it between 1 and 16777216.");
        }

        if (options.SyncBatchRows is < 1 or > 1 << 20)
        {
            failures.Add($"{ParameterServerOptions.SectionName}:SyncBatchRows is {options.SyncBatchRows}; set it between 1 and 1048576.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
