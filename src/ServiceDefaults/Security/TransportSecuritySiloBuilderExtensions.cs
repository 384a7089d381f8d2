using Microsoft.Extensions.Configuration;

namespace ParameterServer.ServiceDefaults.Security;

public static class TransportSecuritySiloBuilderExtensions
{
    /// <summary>TLS on the silo's silo-to-silo and gateway connections when section <see cref="TransportSecurityOptions.SectionName"/>
    /// names a certificate; nothing otherwise.</summary>
    public static ISiloBuilder UseParameterServerTls(this ISiloBuilder silo, IConfiguration configuration)
    {
        var options = TransportSecurityOptionsValidator.Read(configuration);
        if (options.Enabled)
        {
            var security = TransportSecurity.Load(options);
            silo.UseTls(security.Certificate, security.Configure);
        }

        return silo;
    }
}
