using Microsoft.Extensions.Configuration;
using ParameterServer.ServiceDefaults.Security;

namespace ParameterServer.ServiceDefaults;

public static class ParameterServerOperationsClientBuilderExtensions
{
    /// <summary>A client's part (trainers, serving callers): activity propagation, so a pull's trace continues into the
    /// silos, and TLS to the gateways when a certificate is configured.</summary>
    public static IClientBuilder AddParameterServerOperations(this IClientBuilder client, IConfiguration configuration)
    {
        client.AddActivityPropagation();
        return client.UseParameterServerTls(configuration);
    }
}
