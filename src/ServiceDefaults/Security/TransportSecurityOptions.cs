namespace ParameterServer.ServiceDefaults.Security;

/// <summary>
/// TLS for every Orleans connection: silo to silo, and client to gateway (configuration section
/// <see cref="SectionName"/>). TLS is on when <see cref="CertificatePath"/> is set. Both ends present a certificate
/// (mutual TLS) and accept a peer only when its certificate chains to a CA in <see cref="CaCertificatePath"/>; host
/// names are not checked, because silos are addressed by pod IPs that change.
/// <c>scripts/make-dev-cert.sh</c> makes a CA and a certificate for local use.
/// </summary>
public sealed class TransportSecurityOptions
{
    public const string SectionName = "Tls";

    /// <summary>This process's certificate: PEM (tls.crt, with <see cref="KeyPath"/>) or PKCS#12 (.pfx, .p12).
    /// Its extended key usage must allow server and client authentication. Unset (default): TLS off.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>PEM private key of a PEM certificate (tls.key).</summary>
    public string? KeyPath { get; set; }

    /// <summary>Password of a PKCS#12 certificate, if any.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>PEM file with the CA certificate(s) that peers' certificates must chain to (ca.crt). Required with
    /// <see cref="CertificatePath"/>.</summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>Longest TLS handshake (default 10 s; 1 s..5 min).</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool Enabled => !string.IsNullOrWhiteSpace(CertificatePath);

    internal bool IsPkcs12 =>
        CertificatePath is { } path && (path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase));
}
