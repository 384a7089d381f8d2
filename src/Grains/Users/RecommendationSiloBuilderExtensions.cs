using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ParameterServer.Grains.Users;

public static class RecommendationSiloBuilderExtensions
{
    /// <summary>
    /// Options of the user grains from the configuration section <see cref="RecommendationOptions.SectionName"/>, then
    /// <paramref name="configure"/>, validated at start-up; the SDK client and fusion-weight cache they share.
    /// </summary>
    public static ISiloBuilder AddRecommendations(this ISiloBuilder builder, Action<RecommendationOptions>? configure = null)
    {
        var options = builder.Services.AddOptions<RecommendationOptions>()
            .Bind(builder.Configuration.GetSection(RecommendationOptions.SectionName))
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RecommendationOptions>, RecommendationOptionsValidator>());
        builder.Services.TryAddSingleton(services => new ParameterServerClient(services.GetRequiredService<IGrainFactory>()));
        builder.Services.TryAddSingleton<FusionWeightsCache>();
        return builder;
    }
}
