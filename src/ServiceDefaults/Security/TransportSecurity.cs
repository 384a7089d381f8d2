using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace ParameterServer.ServiceDefaults.Security;

/// <summary>Turns <see cref="TransportSecurityOptions"/> into Orleans <see cref="TlsOptions"/>: the local certificate,
/// mutual authentication, and a peer check against the configured CA only.</summary>
internal sealed class TransportSecurity
{
    private readonly X509Certificate2Collection _trustedRoots;

    private TransportSecurity(X509Certificate2 certificate, X509Certificate2Collection trustedRoots, TimeSpan handshakeTimeout)
    {
        Certificate = certificate;
        _trustedRoots = trustedRoots;
        HandshakeTimeout = handshakeTimeout;
    }

    public X509Certificate2 Certificate { get; }

    public TimeSpan HandshakeTimeout { get; }

    public static TransportSecurity Load(TransportSecurityOptions options)
    {
        var path = options.CertificatePath!;
        var certificate = options.IsPkcs12
            ? X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword)
            : X509Certificate2.CreateFromPemFile(path, options.KeyPath);
        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException(
                $"{TransportSecurityOptions.SectionName}:CertificatePath '{path}' has no private key; set {TransportSecurityOptions.SectionName}:KeyPath to its key, or use a .pfx that contains it.");
        }

        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(options.CaCertificatePath!);
        if (roots.Count == 0)
        {
            throw new InvalidOperationException(
                $"{TransportSecurityOptions.SectionName}:CaCertificatePath '{options.CaCertificatePath}' holds no PEM certificate; point it at the CA's certificate (ca.crt).");
        }

        return new TransportSecurity(certificate, roots, options.HandshakeTimeout);
    }

    /// <summary>Both ends present certificates; each accepts the other only with a certificate from a trusted CA.</summary>
    public void Configure(TlsOptions tls)
    {
        tls.LocalCertificate = Certificate;
        tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.RemoteCertificateValidation = IsTrusted;
        tls.HandshakeTimeout = HandshakeTimeout;
    }

    /// <summary>True when <paramref name="certificate"/> chains to one of the configured CAs (time validity
    /// included); the platform's own trust store and host names play no part.</summary>
    public bool IsTrusted(X509Certificate2 certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_trustedRoots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                if (!element.Certificate.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span))
                {
                    chain.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }
        }

        return chain.Build(certificate);
    }
}
