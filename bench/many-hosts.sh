#!/usr/bin/env bash
# `muster run all -- true` over many real OpenSSH hosts on loopback from one controller (issue 17,
# point 3): 16 hosts per sshd (its ListenAddress limit), so 10,000 hosts = 625 sshd processes.
# Reports hosts accounted for (from --json), wall, the controller's peak RSS and CPU, and the sshd
# CPU floor (all listeners and their children, bench/lib/sshd_cpu.py) measured in the same run;
# then the same against --hosts in-process hosts (bench/fake-fleet.sh's FakeFleet in a second JVM).
# Raise the limits the run needs first: ulimit -n (>= 4 x hosts), net.ipv4.ip_local_port_range.
# TO BE MEASURED ON AN IDLE MACHINE; the first attempt may well show what breaks (that is its job).
# Usage: sudo bench/many-hosts.sh [--hosts 10000] [--forks 512] [--runs 3] [--no-build]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
HOSTS=10000
FORKS=512
RUNS=3
KEX="curve25519-sha256"
BUILD=1
OUT_DIR="$here/out"
ARGS="$*"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --hosts) HOSTS=$2; shift 2 ;;
    --forks) FORKS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --out) OUT_DIR=$2; shift 2 ;;
    -h|--help) sed -n 2,10p "$0"; exit 0 ;;
    *) echo "many-hosts.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[[ $(id -u) -eq 0 ]] || { echo "many-hosts.sh: run as root" >&2; exit 2; }
log() { echo "[many $(date -u +%H:%M:%S)] $*" >&2; }
want=$(( HOSTS * 4 > 65536 ? HOSTS * 4 : 65536 )); hard=$(ulimit -Hn)
[[ "$hard" == unlimited || "$hard" -ge "$want" ]] || { log "ulimit -n: hard limit $hard, below $want"; want=$hard; }
ulimit -n "$want" 2>/dev/null || log "WARNING: could not raise ulimit -n to $want"
sysctl -qw net.ipv4.ip_local_port_range="10240 65535" 2>/dev/null || true

. "$here/lib/fleet.sh"
[[ -x /usr/bin/time ]] || bench_install time
bench_prepare many
trap fleet_cleanup EXIT
trap 'exit 130' INT TERM

fleet_start "$HOSTS" 127.1.0.1 --hosts-per-sshd 16
log "fleet: $HOSTS hosts on $(wc -l < "$DIR/sshd.pids") sshd"
RESULTS="$WORK/results.tsv"; : > "$RESULTS"
for rep in $(seq 1 "$RUNS"); do
  base="$WORK/run-$rep"; rc=0
  cpu0=$(python3 "$here/lib/sshd_cpu.py" "$DIR/sshd.pids")
  /usr/bin/time -f '%e %U %S %M' -o "$base.time" timeout 1800 "$MUSTER" run all -f "$FORKS" -i "$DIR/inventory.yaml" \
    --known-hosts "$DIR/known_hosts" --identity "$DIR/id_ed25519" --store "$WORK/store" --json -- true \
    > "$base.json" 2> "$base.err" || rc=$?
  cpu1=$(python3 "$here/lib/sshd_cpu.py" "$DIR/sshd.pids")
  read -r wall user sys rss < <(tail -1 "$base.time")
  ok=$(python3 "$here/lib/muster_ok.py" "$base.json" "$HOSTS")
  accounted=$(python3 -c 'import json,sys; s=[json.loads(l) for l in open(sys.argv[1]) if l.strip().startswith("{")]; print(next((x["summary"]["hosts"] for x in reversed(s) if "summary" in x), 0))' "$base.json")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$rep" "$wall" "$(echo "$user + $sys" | bc)" "$rss" "$(echo "$cpu1 - $cpu0" | bc)" "$ok/$accounted" "$rc" >> "$RESULTS"
  log "run $rep: ${wall}s rss $((rss / 1024)) MiB ok $ok of $accounted rc=$rc"
done
mkdir -p "$OUT_DIR"; report="$OUT_DIR/many-hosts-$(date -u +%Y%m%d-%H%M%S).md"
# Ready to paste into bench/RESULTS.md: a section with the command, the table, and the summary row.
{ echo "### many-hosts.sh — \`muster run all -- true\` on $HOSTS real OpenSSH hosts, -f $FORKS (issue 17)"
  echo
  echo "Measured $(date -u '+%Y-%m-%d %H:%M') UTC at commit $(cd "$root" && git rev-parse --short HEAD), load average"
  echo "$(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores: \`sudo bench/many-hosts.sh${ARGS:+ $ARGS}\`; $(wc -l < "$DIR/sshd.pids") sshd"
  echo "(16 hosts each), KEX $KEX, ulimit -n $(ulimit -n). sshd CPU floor = sshd CPU seconds / $(nproc) cores (the wall"
  echo "no client can beat on this machine). Bars: $HOSTS/$HOSTS accounted, peak RSS <= 1024 MiB, wall <= 1.3 x floor."
  echo
  echo "| run | wall s | muster CPU s | muster peak RSS MiB | sshd CPU s (floor s) | wall / floor | ok/accounted | exit |"
  echo "|---|---|---|---|---|---|---|---|"
  while IFS=$'\t' read -r rep wall cpu rss scpu acc rc; do
    floor=$(echo "scale=2; $scpu / $(nproc)" | bc)
    echo "| $rep | $wall | $cpu | $((rss / 1024)) | $scpu ($floor) | $(echo "scale=2; $wall / $floor" | bc) | $acc | $rc |"
  done < "$RESULTS"
  best=$(sort -t$'\t' -k2 -n "$RESULTS" | head -1)
  IFS=$'\t' read -r _ bwall _ brss bscpu bacc brc <<< "$best"
  echo
  echo "Summary row for the table at the top of the section:"
  echo
  echo "| many-hosts.sh: $HOSTS real hosts, -f $FORKS | best of $RUNS: ${bwall} s, $(echo "scale=2; $bwall * $(nproc) / $bscpu" | bc)x the sshd floor, peak RSS $((brss / 1024)) MiB, $bacc accounted, exit $brc |"
  echo
  echo "In-process hosts: \`bench/fake-fleet.sh --hosts $HOSTS --forks $FORKS\` (its report is a table of the same form)."
} > "$report"
cat "$report"; log "report: $report"
