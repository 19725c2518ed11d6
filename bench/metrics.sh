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
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null
. "$here/lib/fleet.sh"
bench_prepare metrics
trap fleet_cleanup EXIT
trap 'exit 130' INT TERM
fleet_start "$HOSTS" 127.0.61.1
fleet="$DIR"
PY=$(command -v python3)
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
