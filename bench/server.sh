#!/usr/bin/env bash
# muster serve under load: seed a store with 2,000 hosts, 5,000 runs x 100 host outcomes, a day of
# metric samples and 20 inspection reports, start `muster serve` on it, then measure each dashboard
# page and the main API endpoints with wrk (a second process) on loopback; print a Markdown table.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

HOSTS=2000 RUNS=5000 PER_RUN=100 DURATION=8 CONNECTIONS=4 BUILD=1
usage() {
  cat <<USAGE
usage: bench/server.sh [--hosts N] [--runs N] [--per-run N] [--duration S] [--connections N] [--no-build]
  Seeds a temporary data dir (SeedStore), starts muster serve on 127.0.0.1, runs wrk against each
  page and API endpoint for --duration seconds with --connections connections, prints p50/p95/p99.
USAGE
}
while [[ $# -gt 0 ]]; do
  case "$1" in
    --hosts) HOSTS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --per-run) PER_RUN=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done
log() { echo "[server.sh $(date -u +%H:%M:%S)] $*" >&2; }
[[ -n "${JAVA_HOME:-}" ]] || { [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]] && export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; }
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if ! command -v wrk >/dev/null; then
  [[ $(id -u) -eq 0 ]] || { echo "server.sh: needs wrk (apt-get install wrk)" >&2; exit 2; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

jar="$root/muster-cli/target/muster.jar"
if [[ $BUILD -eq 1 ]]; then
  log "building (mvnw -DskipTests package; never install)"
  (cd "$root" && { timeout 900 ./mvnw -B -q -o -DskipTests package || timeout 900 ./mvnw -B -q -DskipTests package; }) >&2
fi
[[ -f "$jar" && -d "$root/muster-server/target/test-classes" ]] || { echo "server.sh: not built; run without --no-build" >&2; exit 3; }

WORK=$(mktemp -d /tmp/muster-server-bench.XXXXXX)
SERVER_PID=""
cleanup() {
  set +e
  [[ -n "$SERVER_PID" ]] && { kill -TERM "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; }
  [[ -n "${KEEP_WORK:-}" ]] || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

data="$WORK/data"
log "seeding $HOSTS hosts, $RUNS runs x $PER_RUN hosts into $data"
seed_start=$(date +%s.%N)
"$JAVA" --enable-native-access=ALL-UNNAMED -cp "$jar:$root/muster-server/target/test-classes" \
  dev.muster.server.bench.SeedStore "$data" "$HOSTS" "$RUNS" "$PER_RUN"
seed_s=$(echo "$(date +%s.%N) - $seed_start" | bc)
db_mb=$(du -sm "$data" | cut -f1)

port=$(( 20000 + RANDOM % 20000 ))
url="http://127.0.0.1:$port"
"$root/muster" serve --listen "127.0.0.1:$port" --data "$data" -i "$data/inventory.yaml" > "$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 300); do curl -fs -o /dev/null "$url/login" && break; kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
curl -fs -o /dev/null "$url/login" || { echo "server.sh: muster serve did not start" >&2; cat "$WORK/serve.log" >&2; exit 4; }

cookie="Cookie: muster_session=$(cat "$data/bench-session.txt")"
bearer="Authorization: Bearer $(cat "$data/bench-token.txt")"
# (sed -n 1p, not head -1: head exits early and, under pipefail, the writer's SIGPIPE ends the script)
run=$(curl -fs -H "$bearer" "$url/api/v1/runs?limit=1" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p' | sed -n 1p)
older=$(curl -fs -H "$bearer" "$url/api/v1/runs?limit=200" | grep -o '"next":"[^"]*"' | cut -d'"' -f4)
host=$(curl -fs -H "$cookie" "$url/runs/$run" | grep -o 'href="/runs/[^"]*/hosts/[^"]*"' | sed -n 1p | sed 's|.*/hosts/||; s|"||')
[[ -n "$run" && -n "$host" ]] || { echo "server.sh: the seeded store shows no run" >&2; exit 4; }

# name | header | path
endpoints=(
  "page / (fleet, heat map)|$cookie|/"
  "page /runs|$cookie|/runs"
  "page /runs?before= (page 5)|$cookie|/runs?before=$older"
  "page /runs/{id} (100 hosts)|$cookie|/runs/$run"
  "page /runs/{id}/hosts/{host}|$cookie|/runs/$run/hosts/$host"
  "page /hosts/{name} (288 samples)|$cookie|/hosts/$host"
  "page /schedules|$cookie|/schedules"
  "page /reports|$cookie|/reports"
  "page /reports/{id} (2,000 hosts)|$cookie|/reports/nightly-1"
  "page /approvals|$cookie|/approvals"
  "api GET /api/v1/hosts|$bearer|/api/v1/hosts"
  "api GET /api/v1/runs|$bearer|/api/v1/runs"
  "api GET /api/v1/runs/{id}|$bearer|/api/v1/runs/$run"
  "api GET /api/v1/runs/{id}/hosts|$bearer|/api/v1/runs/$run/hosts"
  "api GET /api/v1/runs/{id}/output|$bearer|/api/v1/runs/$run/output?host=$host"
)
log "warming up"
for e in "${endpoints[@]}"; do
  IFS='|' read -r _ header path <<< "$e"
  wrk -t1 -c1 -d2s -H "$header" "$url$path" > /dev/null
done

echo "| endpoint | requests/s | p50 ms | p95 ms | p99 ms | errors | bytes |"
echo "|---|---|---|---|---|---|---|"
for e in "${endpoints[@]}"; do
  IFS='|' read -r name header path <<< "$e"
  bytes=$(curl -fs -H "$header" -o /dev/null -w '%{size_download}' "$url$path")
  line=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -H "$header" -s "$here/lib/wrk-latency.lua" "$url$path" | grep '^WRK')
  read -r _ n errors p50 p95 p99 <<< "$line"
  printf '| %s | %.0f | %s | %s | %s | %s | %s |\n' "$name" "$(echo "$n / $DURATION" | bc -l)" "$p50" "$p95" "$p99" "$errors" "$bytes"
done
echo
echo "Seeded in ${seed_s%.*} s ($db_mb MB on disk); wrk -t2 -c$CONNECTIONS -d${DURATION}s per endpoint, server and wrk on the same $(nproc) cores."
