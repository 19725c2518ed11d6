#!/usr/bin/env bash
# muster top's own CPU while refreshing N real OpenSSH hosts (default 200) every 2 s, not on a TTY.
# Issue 4's target: under 10% of one core at 200 hosts every 2 s. See bench/README.md.
#
# Each run is `muster top all --interval 2s --count C` with stdout to a file (plain tables), timed
# by /usr/bin/time: CPU seconds (user+sys) over wall seconds is the whole-run share of one core,
# start-up, first connect and JIT included. Runs with --count 5 and --count 15 in the same
# minutes give the steady share: (CPU15 - CPU5) / (10 refreshes * interval).
# Usage: sudo bench/top.sh [--hosts N] [--runs K] [--interval D] [--no-build]
# MUSTER_JAVA_OPTS is passed through (e.g. -XX:TieredStopAtLevel=4 to try C2).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
HOSTS=200 RUNS=2 BUILD=1 KEX=curve25519-sha256 INTERVAL=2
while [[ $# -gt 0 ]]; do
  case "$1" in
    --hosts) HOSTS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --interval) INTERVAL=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) sed -n 2,10p "$0"; exit 0 ;;
    *) echo "top.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
for n in "$HOSTS" "$RUNS" "$INTERVAL"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "top.sh: not a positive whole number: $n" >&2; exit 2; }
done
[[ $(id -u) -eq 0 ]] || { echo "top.sh: needs root (the fleet's sshd run in their own mount namespaces)" >&2; exit 2; }
log() { echo "[top.sh $(date -u +%H:%M:%S)] $*" >&2; }
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null
. "$here/lib/fleet.sh"
bench_prepare top
trap fleet_cleanup EXIT
trap 'exit 130' INT TERM
fleet_start "$HOSTS" 127.0.62.1
fleet="$DIR"
log "$(grep '^fleet:' "$fleet.log" || echo "fleet of $HOSTS up")"

# measure COUNT: prints "wall cpu tables rows_up_in_last_table"
measure() {
  MUSTER_AOT=0 /usr/bin/time -f "%e %U %S" -o "$WORK/time" timeout 600 "$root/muster" top all \
    --interval "${INTERVAL}s" --count "$1" -f "$HOSTS" -i "$fleet/inventory.yaml" --known-hosts "$fleet/known_hosts" \
    --identity "$fleet/client/id_ed25519" --store "$WORK/store" > "$WORK/out.txt" 2> "$WORK/err" || true
  read -r wall user sys < "$WORK/time"
  local tables up
  tables=$(grep -c '^muster top · ' "$WORK/out.txt" || true)
  up=$(grep '^muster top · ' "$WORK/out.txt" | tail -1 | sed -n 's/.* · \([0-9]*\) up · .*/\1/p')
  echo "$wall $(echo "$user + $sys" | bc) $tables ${up:-0}"
}

echo "# muster top: $HOSTS real OpenSSH hosts every ${INTERVAL}s, not on a TTY, $(date -u +%FT%TZ)"
echo "machine: $(nproc) cores, $(uname -r), $("$JAVA" -version 2>&1 | head -1); sshd KEX $KEX; MUSTER_AOT=0;" \
  "MUSTER_JAVA_OPTS='${MUSTER_JAVA_OPTS:-}'; load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| run | --count | wall (s) | muster CPU (s) | CPU / wall | tables | hosts up in last |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for r in $(seq 1 "$RUNS"); do
  read -r w5 c5 t5 u5 <<< "$(measure 5)"
  read -r w15 c15 t15 u15 <<< "$(measure 15)"
  awk -v r="$r" -v w="$w5" -v c="$c5" -v t="$t5" -v u="$u5" -v n="$HOSTS" 'BEGIN {
    printf "| %d | 5 | %.1f | %.2f | %.1f%% | %d | %d/%d |\n", r, w, c, 100 * c / w, t, u, n }'
  awk -v r="$r" -v w="$w15" -v c="$c15" -v t="$t15" -v u="$u15" -v n="$HOSTS" 'BEGIN {
    printf "| %d | 15 | %.1f | %.2f | %.1f%% | %d | %d/%d |\n", r, w, c, 100 * c / w, t, u, n }'
  awk -v c5="$c5" -v c15="$c15" -v i="$INTERVAL" 'BEGIN {
    printf "|   | steady | | %.3f per refresh | **%.1f%%** of one core | | |\n", (c15 - c5) / 10, 100 * (c15 - c5) / (10 * i) }'
done
echo
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
[[ -s "$WORK/err" ]] && { echo; echo "last run's stderr:"; sed 's/^/    /' "$WORK/err"; }
exit 0
