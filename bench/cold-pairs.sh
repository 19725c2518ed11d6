#!/usr/bin/env bash
# Cold `muster run` against parallel-ssh on one real OpenSSH fleet, in interleaved rounds (every tool
# once per round, in turn), reporting per tool the median wall, client CPU and sshd CPU, and the
# median of its per-round ratio to pssh: a ratio taken within a round survives a machine whose
# speed drifts (other work on it), so this is the script for a loaded machine.
# Any number of muster variants: NAME=ENV... runs the launcher with those environment assignments
# (e.g. base=MUSTER_JAR=/tmp/main.jar, or nolink='MUSTER_JAVA_OPTS=-XX:-AOTClassLinking'), each with
# a start-up cache of its own, trained before timing. Without variants: this checkout's muster.
# Usage: sudo bench/cold-pairs.sh [--hosts 50] [--runs 8] [--kex curve25519-sha256|default] [--cmd true]
#          [--caches DIR] [--base 127.0.60.1] [--sshd-option 'LINE']... [--no-build] [VARIANT...]
# --caches keeps the variants' start-up caches between calls; each --sshd-option line goes into every
# sshd_config ahead of the fleet's own (e.g. 'Ciphers aes128-ctr' to force a cipher).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
HOSTS=50
RUNS=8
KEX="curve25519-sha256"
CMD="true"
BUILD=1
BASE=127.0.60.1
variants=()
fleet_opts=()
CACHES=""

while [[ $# -gt 0 ]]; do
  case "$1" in
    --hosts) HOSTS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --kex) KEX=$2; shift 2 ;;
    --cmd) CMD=$2; shift 2 ;;
    --base) BASE=$2; shift 2 ;;
    --sshd-option) fleet_opts+=(--sshd-option "$2"); shift 2 ;;
    --caches) CACHES=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) sed -n 2,13p "$0"; exit 0 ;;
    -*) echo "cold-pairs.sh: unknown option $1" >&2; exit 2 ;;
    *=*) variants+=("$1"); shift ;;
    *) echo "cold-pairs.sh: a variant is NAME=ENV_ASSIGNMENTS, not $1" >&2; exit 2 ;;
  esac
done
[[ ${#variants[@]} -gt 0 ]] || variants=("muster=")
[[ $(id -u) -eq 0 ]] || { echo "cold-pairs.sh: run as root (test sshd run in private mount namespaces)" >&2; exit 2; }
log() { echo "[cold-pairs $(date -u +%H:%M:%S)] $*" >&2; }
PY=/usr/bin/python3
command -v parallel-ssh >/dev/null || { echo "cold-pairs.sh: needs parallel-ssh (apt-get install pssh)" >&2; exit 2; }

. "$here/lib/fleet.sh"
trap fleet_cleanup EXIT
bench_prepare cold-pairs
fleet_start "$HOSTS" "$BASE" ${fleet_opts[@]+"${fleet_opts[@]}"}
log "fleet: $(grep '^fleet:' "$DIR.log" || true)"

names=() envs=()
CACHES=${CACHES:-$WORK}
for v in "${variants[@]}"; do
  name=${v%%=*}; assignments=${v#*=}
  names+=("$name"); envs+=("MUSTER_CACHE=$CACHES/cache-$name $assignments")
  # each variant's own start-up cache, trained (in the background, by the launcher) before timing
  # shellcheck disable=SC2086
  env MUSTER_CACHE="$CACHES/cache-$name" $assignments "$MUSTER" --help >/dev/null 2>&1 || true
  for _ in $(seq 1 300); do [[ -d "$CACHES/cache-$name/training.lock" ]] || break; sleep 1; done
  log "variant $name: $assignments; cache $(ls "$CACHES/cache-$name"/*.aot 2>/dev/null | head -1 || echo none)"
done
names+=(pssh)

# run_one TOOL_INDEX ROUND: appends "round tool wall cpu sshd ok" to $WORK/runs.tsv
run_one() {
  local i=$1 round=$2 name=${names[$1]} out="$WORK/out" before after ok rc=0
  before=$("$PY" "$here/lib/sshd_cpu.py" "$DIR/sshd.pids")
  if [[ $name == pssh ]]; then
    # shellcheck disable=SC2086
    /usr/bin/time -f '%e %U %S' -o "$WORK/time" timeout 120 parallel-ssh -i -p "$HOSTS" -t 120 \
      -h "$DIR/hosts.txt" -x "-F $CFG" $CMD > "$out" 2>&1 || rc=$?
    ok=$(grep -c '\[SUCCESS\]' "$out" || true)
  else
    # shellcheck disable=SC2086
    /usr/bin/time -f '%e %U %S' -o "$WORK/time" timeout 120 env ${envs[$i]} "$MUSTER" run all \
      -i "$DIR/inventory.yaml" --known-hosts "$DIR/known_hosts" --identity "$DIR/id_ed25519" -f "$HOSTS" \
      --store "$WORK/store-$name" --json -- $CMD > "$out" 2>&1 || rc=$?
    ok=$("$PY" "$here/lib/muster_ok.py" "$out" "$HOSTS")
  fi
  sleep 0.3   # sshd reaps its per-connection children
  after=$("$PY" "$here/lib/sshd_cpu.py" "$DIR/sshd.pids")
  local wall user sys
  read -r wall user sys < <(grep -E '^[0-9.]+ [0-9.]+ [0-9.]+$' "$WORK/time" | tail -1)
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$name" "$wall" "$(echo "$user + $sys" | bc)" \
    "$(echo "$after - $before" | bc)" "$ok" >> "$WORK/runs.tsv"
  log "round $round $name: ${wall}s ok=$ok/$HOSTS rc=$rc"
}

: > "$WORK/runs.tsv"
for round in $(seq 0 "$RUNS"); do          # round 0 warms the page cache and is not reported
  for i in "${!names[@]}"; do run_one "$i" "$round"; done
done

echo "# cold \`muster run all -- $CMD\` vs parallel-ssh: $HOSTS real OpenSSH hosts, KEX forced to $KEX"
echo
echo "- command: \`bench/cold-pairs.sh --hosts $HOSTS --runs $RUNS --kex $KEX --cmd '$CMD' ${fleet_opts[*]+${fleet_opts[*]} }${variants[*]}\`"
echo "- commit $(cd "$root" && git rev-parse --short HEAD)$(cd "$root" && [[ -z "$(git status --porcelain --untracked-files=no -- 'muster-*' muster)" ]] || echo ' (plus uncommitted changes)'); load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
echo
"$PY" - "$WORK/runs.tsv" "$HOSTS" <<'EOF'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
hosts = int(sys.argv[2])
rows = [r for r in rows if r[0] != "0"]
tools = list(dict.fromkeys(r[1] for r in rows))
by = {(r[0], r[1]): r for r in rows}
rounds = sorted({r[0] for r in rows}, key=int)
print("| tool | wall median (s) | min–max | client CPU (s) | sshd CPU (s) | hosts ok (worst) | wall ÷ pssh, median of rounds | CPU ÷ pssh |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for t in tools:
    mine = [by[(k, t)] for k in rounds if (k, t) in by]
    wall = [float(r[2]) for r in mine]
    cpu = [float(r[3]) for r in mine]
    sshd = [float(r[4]) for r in mine]
    ratios = [float(by[(k, t)][2]) / float(by[(k, "pssh")][2]) for k in rounds if (k, t) in by and (k, "pssh") in by]
    cratios = [float(by[(k, t)][3]) / float(by[(k, "pssh")][3]) for k in rounds if (k, t) in by and (k, "pssh") in by]
    print(f"| {t} | {statistics.median(wall):.2f} | {min(wall):.2f}–{max(wall):.2f} | {statistics.median(cpu):.2f} "
          f"| {statistics.median(sshd):.2f} | {min(int(r[5] or 0) for r in mine)}/{hosts} "
          f"| {statistics.median(ratios):.2f}x | {statistics.median(cratios):.2f}x |")
print()
print(f"Medians over {len(rounds)} rounds after one unreported warm-up round; in each round every tool ran once, in turn.")
EOF
