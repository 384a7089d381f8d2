using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ParameterServer.Grains.Dense;

public static class DenseSiloBuilderExtensions
{
    /// <summary>
    /// Options of the dense-parameter grains from the configuration section <see cref="DenseParameterOptions.SectionName"/>,
    /// then <paramref name="configure"/>, validated at start-up. Without this call the grains run with the defaults.
    /// </summary>
    public static ISiloBuilder AddDenseParameters(this ISiloBuilder builder, Action<DenseParameterOptions>? configure = null)
    {
        var options = builder.Services.AddOptions<DenseParameterOptions>()
            .Bind(builder.Configuration.GetSection(DenseParameterOptions.SectionName))
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.AddSingleton<IValidateOptions<DenseParameterOptions>, DenseParameterOptionsValidator>();
        return builder;
    }
}
