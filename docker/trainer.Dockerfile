# syntax=docker/dockerfile:1
# The trainer image, built from the repository root:
#   docker build -f docker/trainer.Dockerfile -t parameter-server-trainer:dev .
# Run a subcommand with: docker run --rm parameter-server-trainer:dev dotnet ParameterServer.Trainer.dll demo
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore in its own layer (see silo.Dockerfile). build/ holds the TorchSharp native fix the trainer project imports.
COPY Directory.Build.props Directory.Packages.props ./
COPY build/ build/
COPY src/Embeddings/Embeddings.csproj src/Embeddings/
COPY src/Grains.Interfaces/Grains.Interfaces.csproj src/Grains.Interfaces/
COPY src/Grains/Grains.csproj src/Grains/
COPY src/ServiceDefaults/ServiceDefaults.csproj src/ServiceDefaults/
COPY src/Trainer/Trainer.csproj src/Trainer/
RUN dotnet restore src/Trainer/Trainer.csproj
COPY src/ src/
RUN dotnet publish src/Trainer/Trainer.csproj -c Release --no-restore -o /app -p:UseAppHost=false

# ASP.NET Core runtime, so the trainer can serve its metrics endpoint through ServiceDefaults.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
USER $APP_UID
CMD ["dotnet", "ParameterServer.Trainer.dll", "demo"]
