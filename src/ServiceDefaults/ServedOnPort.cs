namespace ParameterServer.ServiceDefaults;

/// <summary>Endpoint metadata: the endpoint answers only on connections to this local port (404 elsewhere), so that a
/// dashboard kept on loopback is not reachable through the metrics port an operator exposed.</summary>
internal sealed record ServedOnPort(int Port);
