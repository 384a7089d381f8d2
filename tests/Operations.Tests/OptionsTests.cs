using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Hosting.Kubernetes;
using ParameterServer.ServiceDefaults;
using ParameterServer.ServiceDefaults.Security;

namespace ParameterServer.Operations.Tests;

/// <summary>Operations and TLS settings: bad values are refused with a message that says what to set; Kubernetes
/// hosting is switched on by the pod environment only.</summary>
public sealed class OptionsTests
{
    [Fact]
    public void DefaultsBindToLoopback()
    {
        var options = OperationsOptionsValidator.Read(Configuration());
        Assert.Equal(("127.0.0.1", 8080, "127.0.0.1", 9464), (options.DashboardAddress, options.DashboardPort, options.MetricsAddress, options.MetricsPort));
        Assert.False(TransportSecurityOptionsValidator.Read(Configuration()).Enabled);
    }

    [Theory]
    [InlineData("Operations:DashboardAddress", "localhost", "Operations:DashboardAddress is 'localhost'; set it to an IP address")]
    [InlineData("Operations:MetricsPort", "0", "Operations:MetricsPort is 0; set it between 1 and 65535")]
    [InlineData("Operations:DashboardPort", "9464", "give them different ports")]
    [InlineData("Operations:ShutdownTimeout", "02:00:00", "Operations:ShutdownTimeout is 02:00:00; set it between 00:00:01 and 01:00:00")]
    public void BadOperationsSettingsSayWhatToSet(string key, string value, string message)
    {
        var error = Assert.Throws<OptionsValidationException>(() => OperationsOptionsValidator.Read(Configuration((key, value))));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void HalfATlsConfigurationIsRefusedRatherThanLeftInPlainText()
    {
        var error = Assert.Throws<OptionsValidationException>(() => TransportSecurityOptionsValidator.Read(Configuration(("Tls:CaCertificatePath", "/etc/ca.crt"))));
        Assert.Contains("set Tls:CertificatePath to turn TLS on", error.Message);

        error = Assert.Throws<OptionsValidationException>(() => TransportSecurityOptionsValidator.Read(Configuration(("Tls:CertificatePath", "/no/such/tls.crt"))));
        Assert.Contains("Tls:CertificatePath is '/no/such/tls.crt', which does not exist", error.Message);
        Assert.Contains("Tls:KeyPath is not set", error.Message);
        Assert.Contains("Tls:CaCertificatePath is not set", error.Message);
    }

    [Fact]
    public void CertificatesFromTheScriptLoadAndChainToTheirCa()
    {
        using var certificates = DevCertificates.Make();
        using var stranger = DevCertificates.Make();
        var options = TransportSecurityOptionsValidator.Read(Configuration([.. certificates.Settings.Select(s => (s.Key, s.Value!))]));
        var security = TransportSecurity.Load(options);
        Assert.True(security.Certificate.HasPrivateKey);
        Assert.True(security.IsTrusted(security.Certificate, null, System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch));

        var other = TransportSecurity.Load(TransportSecurityOptionsValidator.Read(Configuration([.. stranger.Settings.Select(s => (s.Key, s.Value!))])));
        Assert.False(security.IsTrusted(other.Certificate, null, System.Net.Security.SslPolicyErrors.None));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("10.96.0.1", true)]
    public void KubernetesHostingOnlyInAPod(string? serviceHost, bool expected)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [KubernetesEnvironment.ServiceHostVariable] = serviceHost });
        builder.UseOrleans(silo => silo.AddParameterServerOperations(builder.Configuration));
        Assert.Equal(expected, builder.Services.Any(s => s.ImplementationType == typeof(KubernetesClusterAgent)));
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
}
