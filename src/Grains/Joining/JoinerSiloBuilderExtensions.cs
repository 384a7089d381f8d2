using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ParameterServer.Grains.Joining;

public static class JoinerSiloBuilderExtensions
{
    /// <summary>Joiner options from the configuration section <see cref="JoinerOptions.SectionName"/>, then the
    /// delegate; validated here so that a bad value stops the silo at start with a message naming the setting.</summary>
    public static ISiloBuilder AddJoiner(this ISiloBuilder builder, Action<JoinerOptions>? configure = null)
    {
        var options = new JoinerOptions();
        builder.Configuration.GetSection(JoinerOptions.SectionName).Bind(options);
        configure?.Invoke(options);
        var validation = new JoinerOptionsValidator().Validate(Options.DefaultName, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(JoinerOptions), validation.Failures);
        }

        builder.Services.AddSingleton(Options.Create(options));
        return builder;
    }
}
