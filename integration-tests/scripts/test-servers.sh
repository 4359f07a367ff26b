#!/usr/bin/env bash
# Starts and stops the real object-store servers Ferry's tests run against,
# on loopback only: S3Proxy (S3, from Maven Central) and Azurite (Azure Blob,
# from npm). Both are downloaded once into <repo>/.test-servers/.
#
#   test-servers.sh start   starts both (or finds them running) and prints
#                           their endpoints as shell export lines:
#                             eval "$(integration-tests/scripts/test-servers.sh start)"
#   test-servers.sh stop    stops the servers this state directory started
#   test-servers.sh env     prints the export lines of the running servers
#
# Exported: S3PROXY_ENDPOINT S3PROXY_ACCESS_KEY S3PROXY_SECRET_KEY S3PROXY_REGION
#           AZURITE_BLOB_ENDPOINT AZURITE_ACCOUNT AZURITE_KEY
# (not FERRY_*: those are Ferry configuration keys.)
#
# TEST_SERVERS_STATE (default <repo>/.test-servers/state) holds the PIDs,
# ports, logs and data, so independent runs can keep separate servers.
# Everything but the export lines goes to stderr.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DOWNLOADS="$REPO/.test-servers"
STATE="${TEST_SERVERS_STATE:-$DOWNLOADS/state}"

S3PROXY_VERSION=4.1.0
AZURITE_VERSION=3.35.0
S3PROXY_JAR="$DOWNLOADS/s3proxy-$S3PROXY_VERSION-jar-with-dependencies.jar"
AZURITE_PREFIX="$DOWNLOADS/azurite-$AZURITE_VERSION"
AZURITE_BIN="$AZURITE_PREFIX/node_modules/.bin/azurite-blob"

S3_ACCESS_KEY=ferry-test
S3_SECRET_KEY=ferry-test-secret
# Azurite's fixed development account and its published key.
AZURE_ACCOUNT=devstoreaccount1
AZURE_KEY='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

log() { echo "test-servers: $*" >&2; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A port nobody listens on, from the range the kernel does not hand out itself.
free_port() {
  local p
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 12000))
    if ! port_open "$p"; then echo "$p"; return; fi
  done
  log "no free port found"; exit 1
}

alive() { [[ -f "$STATE/$1.pid" ]] && kill -0 "$(cat "$STATE/$1.pid")" 2>/dev/null; }

wait_for_port() { # name port pid
  for _ in $(seq 1 300); do
    if port_open "$2"; then return; fi
    if ! kill -0 "$3" 2>/dev/null; then
      log "$1 exited while starting; its log ($STATE/$1.log):"; tail -n 30 "$STATE/$1.log" >&2; exit 1
    fi
    sleep 0.1
  done
  log "$1 did not open port $2 within 30 s; its log ($STATE/$1.log):"; tail -n 30 "$STATE/$1.log" >&2
  exit 1
}

fetch_s3proxy() {
  [[ -f "$S3PROXY_JAR" ]] && return
  log "downloading S3Proxy $S3PROXY_VERSION from Maven Central"
  mkdir -p "$DOWNLOADS"
  mvn -B -q dependency:copy -Dartifact="org.gaul:s3proxy:$S3PROXY_VERSION:jar:jar-with-dependencies" \
    -DoutputDirectory="$DOWNLOADS" >&2
}

fetch_azurite() {
  [[ -x "$AZURITE_BIN" ]] && return
  command -v npm >/dev/null || { log "npm is missing (apt-get install -y nodejs npm)"; exit 1; }
  log "installing Azurite $AZURITE_VERSION from npm"
  npm install --silent --no-audit --no-fund --prefix "$AZURITE_PREFIX" "azurite@$AZURITE_VERSION" >&2
}

start_s3proxy() {
  alive s3proxy && return
  local port; port=$(free_port)
  mkdir -p "$STATE/s3proxy-data"
  cat >"$STATE/s3proxy.conf" <<EOF
s3proxy.endpoint=http://127.0.0.1:$port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$S3_ACCESS_KEY
s3proxy.credential=$S3_SECRET_KEY
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$STATE/s3proxy-data
EOF
  nohup java -Xmx512m -jar "$S3PROXY_JAR" --properties "$STATE/s3proxy.conf" >"$STATE/s3proxy.log" 2>&1 &
  echo $! >"$STATE/s3proxy.pid"
  echo "$port" >"$STATE/s3proxy.port"
  wait_for_port s3proxy "$port" $!
  log "S3Proxy up on 127.0.0.1:$port"
}

start_azurite() {
  alive azurite && return
  local port; port=$(free_port)
  mkdir -p "$STATE/azurite-data"
  # --disableTelemetry is mandatory: Azurite would call out otherwise.
  nohup "$AZURITE_BIN" --blobHost 127.0.0.1 --blobPort "$port" --location "$STATE/azurite-data" \
    --skipApiVersionCheck --disableTelemetry --silent >"$STATE/azurite.log" 2>&1 &
  echo $! >"$STATE/azurite.pid"
  echo "$port" >"$STATE/azurite.port"
  wait_for_port azurite "$port" $!
  log "Azurite up on 127.0.0.1:$port"
}

print_env() {
  alive s3proxy && alive azurite || { log "servers are not running (state: $STATE)"; exit 1; }
  cat <<EOF
export S3PROXY_ENDPOINT=http://127.0.0.1:$(cat "$STATE/s3proxy.port")
export S3PROXY_ACCESS_KEY=$S3_ACCESS_KEY
export S3PROXY_SECRET_KEY=$S3_SECRET_KEY
export S3PROXY_REGION=us-east-1
export AZURITE_BLOB_ENDPOINT=http://127.0.0.1:$(cat "$STATE/azurite.port")/$AZURE_ACCOUNT
export AZURITE_ACCOUNT=$AZURE_ACCOUNT
export AZURITE_KEY='$AZURE_KEY'
EOF
}

stop_one() {
  local name=$1 pid
  [[ -f "$STATE/$name.pid" ]] || return 0
  pid=$(cat "$STATE/$name.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    log "stopped $name (pid $pid)"
  fi
  rm -f "$STATE/$name.pid" "$STATE/$name.port"
}

case "${1:-}" in
  start)
    mkdir -p "$STATE"
    fetch_s3proxy
    fetch_azurite
    start_s3proxy
    start_azurite
    print_env
    ;;
  stop)
    stop_one s3proxy
    stop_one azurite
    ;;
  env)
    print_env
    ;;
  *)
    echo "usage: $0 start|stop|env" >&2
    exit 2
    ;;
esac
