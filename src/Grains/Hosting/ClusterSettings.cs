using System.Net;
using Microsoft.Extensions.Configuration;

namespace ParameterServer.Grains.Hosting;

/// <summary>How this silo (or client) finds its cluster (configuration section <see cref="SectionName"/>).</summary>
public sealed class ClusterSettings
{
    public const string SectionName = "Cluster";

    /// <summary>Localhost (default) or AzureStorage.</summary>
    public ClusterProvider Provider { get; set; } = ClusterProvider.Localhost;

    /// <summary>Azure Storage connection string; required with <see cref="ClusterProvider.AzureStorage"/>.
    /// "UseDevelopmentStorage=true" points at a local Azurite.</summary>
    public string? AzureStorageConnectionString { get; set; }

    /// <summary>Cluster identity; silos and clients with the same ids form one cluster.</summary>
    public string ClusterId { get; set; } = "ps-dev";

    public string ServiceId { get; set; } = "parameter-server";

    /// <summary>Silo-to-silo port (default 11111).</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port (default 30000).</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>AzureStorage only: the address other silos and clients reach this silo at; empty = Orleans's choice
    /// (the host's first address; Kubernetes hosting sets the pod IP). 127.0.0.1 keeps a one-machine cluster on loopback.</summary>
    public string? AdvertisedIPAddress { get; set; }

    /// <summary>Localhost only: silo port of the first silo of a local multi-process cluster; 0 = this silo is the first.</summary>
    public int PrimarySiloPort { get; set; }

    /// <summary>Reads the section and checks it; the message names the setting to fix.</summary>
    public static ClusterSettings From(IConfiguration configuration)
    {
        var settings = configuration.GetSection(SectionName).Get<ClusterSettings>() ?? new ClusterSettings();
        if (settings.Provider == ClusterProvider.AzureStorage && string.IsNullOrWhiteSpace(settings.AzureStorageConnectionString))
        {
            throw new InvalidOperationException(
                $"{SectionName}:Provider is AzureStorage but {SectionName}:AzureStorageConnectionString is empty; set it (environment variable Cluster__AzureStorageConnectionString).");
        }

        if (!string.IsNullOrWhiteSpace(settings.AdvertisedIPAddress) && !IPAddress.TryParse(settings.AdvertisedIPAddress, out _))
        {
            throw new InvalidOperationException(
                $"{SectionName}:AdvertisedIPAddress is '{settings.AdvertisedIPAddress}'; set an IP address such as 127.0.0.1, or leave it empty.");
        }

        if (string.IsNullOrWhiteSpace(settings.ClusterId) || string.IsNullOrWhiteSpace(settings.ServiceId))
        {
            throw new InvalidOperationException($"{SectionName}:ClusterId and {SectionName}:ServiceId must not be empty.");
        }

        return settings;
    }
}
