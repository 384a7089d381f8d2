using Microsoft.Extensions.Options;

namespace ParameterServer.Grains.Dense;

internal sealed class DenseParameterOptionsValidator : IValidateOptions<DenseParameterOptions>
{
    public ValidateOptionsResult Validate(string? name, DenseParameterOptions options) =>
        options.RefreshInterval < TimeSpan.FromMilliseconds(10) || options.RefreshInterval > TimeSpan.FromDays(1)
            ? ValidateOptionsResult.Fail(
                $"{DenseParameterOptions.SectionName}:RefreshInterval is {options.RefreshInterval}; set it between 00:00:00.010 and 1.00:00:00.")
            : ValidateOptionsResult.Success;
}
