using Microsoft.Extensions.Configuration;

namespace ParameterServer.ServiceDefaults.Security;

public static class TransportSecurityClientBuilderExtensions
{
    /// <summary>TLS on the client's gateway connections when section <see cref="TransportSecurityOptions.SectionName"/>
    /// names a certificate; nothing otherwise.</summary>
    public static IClientBuilder UseParameterServerTls(this IClientBuilder client, IConfiguration configuration)
    {
        var options = TransportSecurityOptionsValidator.Read(configuration);
        if (options.Enabled)
        {
            var security = TransportSecurity.Load(options);
            client.UseTls(security.Certificate, security.Configure);
        }

        return client;
    }
}
