using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ParameterServer.ServiceDefaults;

internal sealed class OperationsOptionsValidator : IValidateOptions<OperationsOptions>
{
    private const string Section = OperationsOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, OperationsOptions options)
    {
        var failures = new List<string>();
        CheckAddress(failures, nameof(options.DashboardAddress), options.DashboardAddress);
        CheckAddress(failures, nameof(options.MetricsAddress), options.MetricsAddress);
        if (options.DashboardPort is < 0 or > 65535)
        {
            failures.Add($"{Section}:DashboardPort is {options.DashboardPort}; set it between 1 and 65535, or to 0 to turn the dashboard off.");
        }

        if (options.MetricsPort is < 1 or > 65535)
        {
            failures.Add($"{Section}:MetricsPort is {options.MetricsPort}; set it between 1 and 65535 (it also serves the health endpoints).");
        }

        if (options.DashboardPort == options.MetricsPort)
        {
            failures.Add($"{Section}:DashboardPort and {Section}:MetricsPort are both {options.MetricsPort}; give them different ports, so that each can bind its own address.");
        }

        if (options.ShutdownTimeout < TimeSpan.FromSeconds(1) || options.ShutdownTimeout > TimeSpan.FromHours(1))
        {
            failures.Add($"{Section}:ShutdownTimeout is {options.ShutdownTimeout}; set it between 00:00:01 and 01:00:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Binds the section and validates it; throws <see cref="OptionsValidationException"/> naming what to fix.</summary>
    public static OperationsOptions Read(IConfiguration configuration)
    {
        var options = new OperationsOptions();
        configuration.GetSection(Section).Bind(options);
        var result = new OperationsOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(OperationsOptions), result.Failures);
        }

        return options;
    }

    private static void CheckAddress(List<string> failures, string property, string? address)
    {
        if (!IPAddress.TryParse(address, out _))
        {
            failures.Add($"{Section}:{property} is '{address}'; set it to an IP address: 127.0.0.1 (this machine only), 0.0.0.0 (every interface) or one interface's address.");
        }
    }
}
