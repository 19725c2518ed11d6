#!/usr/bin/env bash
# muster against N in-process fake SSH hosts (default 2,000) served by a separate JVM:
# every host must be accounted for, and the muster process's peak RSS stays under 512 MB.
# Usage: bench/fake-fleet.sh [--hosts N] [--forks F] [--runs R]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
hosts=2000 forks=500 runs=3
while [[ $# -gt 0 ]]; do
  case "$1" in
    --hosts) hosts=$2; shift 2 ;;
    --forks) forks=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "usage: $0 [--hosts N] [--forks F] [--runs R]" >&2; exit 2 ;;
  esac
done
[[ -n "${JAVA_HOME:-}" ]] || { [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]] && export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; }
jar=$here/muster-cli/target/muster.jar
[[ -f "$jar" ]] || (cd "$here" && ./mvnw -q -DskipTests package)
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null

work=$(mktemp -d /tmp/muster-fake-bench.XXXXXX)
mkfifo "$work/stdin"
"$JAVA_HOME/bin/java" -cp "$jar" dev.muster.testkit.FleetLauncher fake "$hosts" --dir "$work/fleet" \
  --kex curve25519-sha256 < "$work/stdin" > "$work/fleet.log" 2>&1 &
fleet_pid=$!
exec 3> "$work/stdin"   # the fleet runs until this closes
cleanup() { exec 3>&-; wait "$fleet_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for _ in $(seq 1 600); do grep -q '^ready:' "$work/fleet.log" && break; sleep 0.2; done
grep -q '^ready:' "$work/fleet.log" || { cat "$work/fleet.log"; exit 1; }

echo "# muster on $hosts in-process fake hosts (separate JVM), fan-out $forks, $(date -u +%FT%TZ)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -r), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
echo
echo "| run | wall (s) | muster CPU user+sys (s) | muster peak RSS (MiB) | hosts in output | ok |"
echo "|---|---:|---:|---:|---:|---:|"
export MUSTER_PERSIST=0   # the process's own RSS is measured: no persist daemon
for r in $(seq 1 "$runs"); do
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" timeout 600 "$here/muster" run all -f "$forks" --json \
    -i "$work/fleet/inventory.yaml" --known-hosts "$work/fleet/known_hosts" \
    --identity "$work/fleet/client/id_ed25519" --store "$work/store" -- true > "$work/out.json" || true
  read -r wall user sys rss < "$work/time"
  n=$(grep -c '"host"' "$work/out.json" || true)
  ok=$(grep -c '"status":"ok"' "$work/out.json" || true)
  echo "| $r | $wall | $(echo "$user + $sys" | bc) | $((rss / 1024)) | $n | $ok |"
done
