#!/usr/bin/env bash
# A local three-silo cluster on Azurite, as a cluster runs in production: two training silos and one serving silo,
# Azure Table membership and reminders, Azure Blob registry state and snapshots, all on loopback.
#   scripts/local-cluster.sh start   build, start Azurite and the silos, wait until each silo is ready
#   scripts/local-cluster.sh status  show the silos' health
#   scripts/local-cluster.sh stop    stop the silos and Azurite (the data stays in .local-cluster/azurite)
# A trainer or any client joins with the settings printed by `start`.
set -euo pipefail
cd "$(dirname "$0")/.."
state=.local-cluster
connection="UseDevelopmentStorage=true"
cluster=(--Cluster:Provider=AzureStorage "--Cluster:AzureStorageConnectionString=$connection"
         --Cluster:AdvertisedIPAddress=127.0.0.1 --Cluster:ClusterId=local --Snapshots:Store=AzureBlob)

# silo name, pool, silo port, gateway port, dashboard port, metrics port
silos=("training-1 training 11111 30000 8080 9464"
       "training-2 training 11112 30001 8081 9465"
       "serving-1 serving 11113 30002 8082 9466")

# Silos first, and Azurite only once they are gone: a silo leaving the cluster writes to the membership table.
stop() {
  local pids=()
  for silo in "${silos[@]}"; do
    read -r name _ <<<"$silo"
    [ -e "$state/$name.pid" ] && pids+=("$(cat "$state/$name.pid")") && rm -f "$state/$name.pid"
  done
  [ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null || true
  for _ in $(seq 150); do
    kill -0 "${pids[@]}" 2>/dev/null || break
    sleep 0.2
  done
  [ ${#pids[@]} -eq 0 ] || kill -9 "${pids[@]}" 2>/dev/null || true
  if [ -e "$state/azurite.pid" ]; then
    local azurite
    azurite=$(cat "$state/azurite.pid")
    kill "$azurite" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$azurite" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$azurite" 2>/dev/null || true
    rm -f "$state/azurite.pid"
  fi
}

status() {
  for silo in "${silos[@]}"; do
    read -r name _ _ _ _ metrics <<<"$silo"
    printf '%-11s ' "$name"
    curl -fsS "http://127.0.0.1:$metrics/health/ready" 2>/dev/null || printf 'not ready'
    echo
  done
}

case "${1:-start}" in
  start)
    stop
    mkdir -p "$state/azurite"
    [ -x tools/azurite/node_modules/.bin/azurite ] || npm ci --prefix tools/azurite --no-audit --no-fund --loglevel=error
    dotnet build -c Release src/Silo -v quiet -nologo
    tools/azurite/node_modules/.bin/azurite --silent --skipApiVersionCheck --loose --location "$state/azurite" \
      --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 > "$state/azurite.log" 2>&1 &
    echo $! > "$state/azurite.pid"
    for _ in $(seq 100); do curl -s -o /dev/null http://127.0.0.1:10000/ && break; sleep 0.2; done
    for silo in "${silos[@]}"; do
      read -r name pool siloPort gatewayPort dashboard metrics <<<"$silo"
      dotnet src/Silo/bin/Release/net10.0/ParameterServer.Silo.dll "${cluster[@]}" --ParameterServer:Pool="$pool" \
        --Cluster:SiloPort="$siloPort" --Cluster:GatewayPort="$gatewayPort" \
        --Operations:DashboardPort="$dashboard" --Operations:MetricsPort="$metrics" > "$state/$name.log" 2>&1 &
      echo $! > "$state/$name.pid"
    done
    for silo in "${silos[@]}"; do
      read -r name _ _ _ _ metrics <<<"$silo"
      for attempt in $(seq 300); do
        curl -fs -o /dev/null "http://127.0.0.1:$metrics/health/ready" && break
        if ! kill -0 "$(cat "$state/$name.pid")" 2>/dev/null || [ "$attempt" = 300 ]; then
          echo "silo $name did not become ready; its log: $state/$name.log" >&2
          exit 1
        fi
        sleep 0.2
      done
    done
    status
    echo "Dashboards: http://127.0.0.1:8080/dashboard/ (training-1), :8081, :8082. Join with:"
    echo "  dotnet run --project src/Trainer -- demo --Trainer:Join=true ${cluster[*]:0:4}"
    ;;
  status) status ;;
  stop) stop ;;
  *) echo "usage: $0 start|status|stop" >&2; exit 2 ;;
esac
