# syntax=docker/dockerfile:1
# The silo image, built from the repository root:
#   docker build -f docker/silo.Dockerfile -t parameter-server-silo:dev .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore in its own layer, from the project files alone, so source edits do not re-download packages. Every project
# the silo references (directly or not) is listed; the operations tests check this list against the project files.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/Embeddings/Embeddings.csproj src/Embeddings/
COPY src/Grains.Interfaces/Grains.Interfaces.csproj src/Grains.Interfaces/
COPY src/Grains/Grains.csproj src/Grains/
COPY src/ServiceDefaults/ServiceDefaults.csproj src/ServiceDefaults/
COPY src/Silo/Silo.csproj src/Silo/
RUN dotnet restore src/Silo/Silo.csproj
COPY src/ src/
RUN dotnet publish src/Silo/Silo.csproj -c Release --no-restore -o /app -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# Silo-to-silo, gateway, dashboard, metrics and health (see src/Silo/appsettings.json and k8s/02-configmap.yaml).
EXPOSE 11111 30000 8080 9464
# The base image's unprivileged "app" user (UID 1654); the Kubernetes manifests run as that UID too.
USER $APP_UID
ENTRYPOINT ["dotnet", "ParameterServer.Silo.dll"]
