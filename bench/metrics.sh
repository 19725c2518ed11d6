#!/usr/bin/env bash
# One metrics sample of N real OpenSSH hosts (default 200) over a warm pool: wall time and CPU
# seconds of muster and of the fleet's sshd per warm sample. See bench/README.md.
#
# A warm sample cannot be timed from outside one process, so each run is measured twice in the
# same minutes: `muster metrics --count 1` (connect + 2 samples) and `--count 1+R` (connect +
# 2+R samples), both with --interval 0. (B - A) / R is the cost of one sample over open sessions;
# muster's start-up, connecting and the first samples cancel out.
# Usage: sudo bench/metrics.sh [--hosts N] [--rounds R] [--runs K] [--no-build]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
HOSTS=200 ROUNDS=5 RUNS=3 BUILD=1 KEX=curve25519-sha256
while [[ $# -gt 0 ]]; do
  case "$1" in
    --hosts) HOSTS=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) sed -n 2,9p "$0"; exit 0 ;;
    *) echo "metrics.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
for n in "$HOSTS" "$ROUNDS" "$RUNS"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "metrics.sh: not a positive number: $n" >&2; exit 2; }
done
[[ $(id -u) -eq 0 ]] || { echo "metrics.sh: needs root (the fleet's sshd run in their own mount namespaces)" >&2; exit 2; }
log() { echo "[metrics.sh $(date -u +%H:%M:%S)] $*" >&2; }
[[ -n "${JAVA_HOME:-}" ]] || { [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]] && export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; }
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null
PY=$(command -v python3)

cpfile="$root/muster-testkit/target/bench-classpath.txt"
if [[ $BUILD -eq 1 ]]; then
  log "building (mvnw package + dependency:build-classpath; never install)"
  args=(-q -DskipTests package org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath
        -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=runtime)
  (cd "$root" && { timeout 900 ./mvnw -o "${args[@]}" || timeout 900 ./mvnw "${args[@]}"; }) >&2
fi
[[ -f "$cpfile" && -f "$root/muster-cli/target/muster.jar" ]] || { echo "metrics.sh: not built; run without --no-build" >&2; exit 3; }
FLEET_CP="$root/muster-testkit/target/classes:$(cat "$cpfile")"

WORK=$(mktemp -d /tmp/muster-metrics-bench.XXXXXX)
FLEET_PID="" FLEET_FD=""
cleanup() {
  set +e
  [[ -n "$FLEET_FD" ]] && eval "exec $FLEET_FD>&-"      # end of stdin: FleetMain stops every sshd
  if [[ -n "$FLEET_PID" ]]; then
    for _ in $(seq 1 150); do kill -0 "$FLEET_PID" 2>/dev/null || break; sleep 0.1; done
    kill -TERM "$FLEET_PID" 2>/dev/null; wait "$FLEET_PID" 2>/dev/null
  fi
  [[ -n "${KEEP_WORK:-}" ]] || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fleet="$WORK/fleet"
mkdir -p "$fleet"
mkfifo "$fleet.stdin"
"$JAVA" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$FLEET_CP" dev.muster.testkit.bench.FleetMain --dir "$fleet" --hosts "$HOSTS" --kex "$KEX" \
  --base 127.0.61.1 < "$fleet.stdin" > "$fleet.log" 2>&1 &
FLEET_PID=$!
exec {FLEET_FD}> "$fleet.stdin"
for _ in $(seq 1 1200); do grep -q '^READY' "$fleet.log" 2>/dev/null && break
  kill -0 "$FLEET_PID" 2>/dev/null || break; sleep 0.1; done
grep -q '^READY' "$fleet.log" || { echo "metrics.sh: fleet did not start" >&2; tail -20 "$fleet.log" >&2; exit 4; }
log "$(grep '^fleet:' "$fleet.log" || echo "fleet of $HOSTS up")"
sshd_cpu() { "$PY" "$here/lib/sshd_cpu.py" "$fleet/sshd.pids"; }

# measure COUNT: prints "wall muster_cpu sshd_cpu ok_lines"
measure() {
  local before after
  before=$(sshd_cpu)
  MUSTER_AOT=0 /usr/bin/time -f "%e %U %S" -o "$WORK/time" timeout 300 "$root/muster" metrics all --json \
    --interval 0 --count "$1" -f "$HOSTS" -i "$fleet/inventory.yaml" --known-hosts "$fleet/known_hosts" \
    --identity "$fleet/client/id_ed25519" --store "$WORK/store" > "$WORK/out.json" 2> "$WORK/err" || true
  after=$(sshd_cpu)
  read -r wall user sys < "$WORK/time"
  echo "$wall $(echo "$user + $sys" | bc) $(echo "$after - $before" | bc) $(grep -c '"state":"ok"' "$WORK/out.json" || true)"
}

echo "# muster metrics: one warm sample of $HOSTS real OpenSSH hosts, $(date -u +%FT%TZ)"
echo "machine: $(nproc) cores, $(uname -r), $("$JAVA" -version 2>&1 | head -1); sshd KEX $KEX; MUSTER_AOT=0"
echo "method: (run with --count $((1 + ROUNDS))) - (run with --count 1), divided by $ROUNDS samples"
echo
echo "| run | warm sample wall (s) | muster CPU (s) | sshd CPU (s) | muster share of CPU | hosts ok (B) |"
echo "|---|---:|---:|---:|---:|---:|"
measure 1 > /dev/null   # warm-up: page cache, JIT-free start-up paths
for r in $(seq 1 "$RUNS"); do
  read -r wa ca sa oka <<< "$(measure 1)"
  read -r wb cb sb okb <<< "$(measure $((1 + ROUNDS)))"
  awk -v r="$r" -v wa="$wa" -v wb="$wb" -v ca="$ca" -v cb="$cb" -v sa="$sa" -v sb="$sb" -v n="$ROUNDS" \
      -v ok="$okb" -v want="$(( (1 + ROUNDS) * HOSTS ))" 'BEGIN {
    w = (wb - wa) / n; c = (cb - ca) / n; s = (sb - sa) / n;
    share = (c + s) > 0 ? 100 * c / (c + s) : 0;
    printf "| %d | %.3f | %.3f | %.3f | %.0f%% | %d/%d |\n", r, w, c, s, share, ok, want }'
done
[[ -s "$WORK/err" ]] && { echo; echo "last run's stderr:"; sed 's/^/    /' "$WORK/err"; }
exit 0
