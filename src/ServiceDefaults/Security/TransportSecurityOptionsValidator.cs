using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ParameterServer.ServiceDefaults.Security;

internal sealed class TransportSecurityOptionsValidator : IValidateOptions<TransportSecurityOptions>
{
    private const string Section = TransportSecurityOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, TransportSecurityOptions options)
    {
        var failures = new List<string>();
        if (!options.Enabled)
        {
            // Half a configuration must not silently leave traffic in plain text.
            if (!string.IsNullOrWhiteSpace(options.KeyPath) || !string.IsNullOrWhiteSpace(options.CaCertificatePath))
            {
                failures.Add($"{Section}:KeyPath or {Section}:CaCertificatePath is set but {Section}:CertificatePath is not; set {Section}:CertificatePath to turn TLS on, or remove the others.");
            }

            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }

        CheckFile(failures, "CertificatePath", options.CertificatePath);
        if (!options.IsPkcs12)
        {
            if (string.IsNullOrWhiteSpace(options.KeyPath))
            {
                failures.Add($"{Section}:CertificatePath is a PEM certificate but {Section}:KeyPath is not set; set it to the PEM private key (tls.key), or use a .pfx file.");
            }
            else
            {
                CheckFile(failures, "KeyPath", options.KeyPath);
            }
        }

        if (string.IsNullOrWhiteSpace(options.CaCertificatePath))
        {
            failures.Add($"{Section}:CaCertificatePath is not set; set it to the PEM CA certificate (ca.crt) that every silo's and client's certificate is issued by.");
        }
        else
        {
            CheckFile(failures, "CaCertificatePath", options.CaCertificatePath);
        }

        if (options.HandshakeTimeout < TimeSpan.FromSeconds(1) || options.HandshakeTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{Section}:HandshakeTimeout is {options.HandshakeTimeout}; set it between 00:00:01 and 00:05:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Binds the section and validates it; throws <see cref="OptionsValidationException"/> naming what to fix.</summary>
    public static TransportSecurityOptions Read(IConfiguration configuration)
    {
        var options = new TransportSecurityOptions();
        configuration.GetSection(Section).Bind(options);
        var result = new TransportSecurityOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(TransportSecurityOptions), result.Failures);
        }

        return options;
    }

    private static void CheckFile(List<string> failures, string property, string? path)
    {
        if (!File.Exists(path))
        {
            failures.Add($"{Section}:{property} is '{path}', which does not exist; mount the certificate there (Kubernetes: the parameter-server-tls secret) or fix the path.");
        }
    }
}
