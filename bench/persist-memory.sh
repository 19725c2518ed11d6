#!/usr/bin/env bash
# The persist daemon's memory (issue 16): `muster run all -- true` on N real OpenSSH hosts (default
# 200) through the daemon, then the daemon idle: its RSS right after the command, and after it has
# collected and trimmed (IDLE seconds later, default 20), read from `muster persist status` and
# /proc (VmRSS, VmHWM = peak). Then the same command in its own process (MUSTER_PERSIST=0) for
# its peak RSS. Target (issue 16): idle daemon at most 150 MiB RSS after a 200-host run.
# Usage: sudo bench/persist-memory.sh [--hosts 200] [--idle 20] [--no-build]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
HOSTS=200
IDLE=20
BUILD=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --hosts) HOSTS=$2; shift 2 ;;
    --idle) IDLE=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) sed -n 2,7p "$0"; exit 0 ;;
    *) echo "persist-memory.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[[ $(id -u) -eq 0 ]] || { echo "persist-memory.sh: run as root (test sshd run in private mount namespaces)" >&2; exit 2; }
log() { echo "[persist-memory $(date -u +%H:%M:%S)] $*" >&2; }
. "$here/lib/fleet.sh"
[[ -x /usr/bin/time ]] || bench_install time
bench_prepare persist-memory
trap 'env MUSTER_PERSIST=10m XDG_RUNTIME_DIR="$WORK/persist" "$MUSTER" persist stop >/dev/null 2>&1; fleet_cleanup' EXIT
trap 'exit 130' INT TERM
fleet_start "$HOSTS" 127.0.97.1
log "fleet: $HOSTS hosts up"
mkdir -p "$WORK/persist" && chmod 700 "$WORK/persist"
COMMON=(-i "$DIR/inventory.yaml" --known-hosts "$DIR/known_hosts" --identity "$DIR/id_ed25519" --store "$WORK/store")
P=(env MUSTER_PERSIST=10m XDG_RUNTIME_DIR="$WORK/persist")
mib() { awk -v k="$1" '$1 == k":" {printf "%d", $2 / 1024}' "/proc/$2/status"; }

"${P[@]}" "$MUSTER" run all -f "$HOSTS" "${COMMON[@]}" -q -- true > "$WORK/first.out" 2>&1 || log "first run exited $?"
pid=$("${P[@]}" "$MUSTER" persist status | sed -n 's/^persist daemon \([0-9]*\)$/\1/p')
[[ -n "$pid" ]] || { echo "persist-memory.sh: no daemon" >&2; exit 3; }
after=$(mib VmRSS "$pid")
"${P[@]}" "$MUSTER" run all -f "$HOSTS" "${COMMON[@]}" -q -- true > "$WORK/second.out" 2>&1 || log "second run exited $?"
second=$(mib VmRSS "$pid")
sleep "$IDLE"
idle=$(mib VmRSS "$pid"); peak=$(mib VmHWM "$pid")
status=$("${P[@]}" "$MUSTER" persist status)
/usr/bin/time -f '%M' -o "$WORK/cold.time" env MUSTER_PERSIST=0 "$MUSTER" run all -f "$HOSTS" "${COMMON[@]}" -q -- true \
  > "$WORK/cold.out" 2>&1 || log "cold run exited $?"
cold=$(( $(tail -1 "$WORK/cold.time") / 1024 ))

echo "# persist daemon memory, $HOSTS real OpenSSH hosts, commit $(cd "$root" && git rev-parse --short HEAD), $(date -u +%FT%TZ)"
echo
echo "| daemon after 1st run | after 2nd run | idle ${IDLE} s later | daemon peak (VmHWM) | same run in its own process, peak |"
echo "|---|---|---|---|---|"
echo "| $after MiB | $second MiB | $idle MiB | $peak MiB | $cold MiB |"
echo
echo '```'
echo "$status"
echo '```'
