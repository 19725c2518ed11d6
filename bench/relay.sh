#!/usr/bin/env bash
# Benchmarks `muster push` through relays against a direct push (and clush's tree mode, when it
# works here) on ONE real OpenSSH fleet: a 30 MiB tree to --leaves hosts behind --relays relays.
# The uplink is the bytes the controller's socket owners write (bench/lib/uplink.py: /proc/PID/io
# wchar of its java and ssh processes, polled): through 4 relays it should be about 4 x 30 MiB
# plus SSH overhead (the issue's bar: at most 1.1 x 4 x 30 MiB), direct about leaves x 30 MiB.
# Relay keys: each relay gets its own key in its private /root/.ssh (authorized on the leaves);
# leaf host keys are checked against the controller's known_hosts (see docs/relays.md).
# TO BE MEASURED ON AN IDLE MACHINE (2 cores shared by other work make the walls meaningless).
# Usage: sudo bench/relay.sh [--leaves 200] [--relays 4] [--runs 3] [--tools direct,relay,clush-tree] [--no-build]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
LEAVES=200
RELAYS=4
RUNS=3
TOOLS="direct,relay,clush-tree"
KEX="curve25519-sha256"
BUILD=1
TIMEOUT=1200
OUT_DIR="$here/out"
ARGS="$*"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --leaves) LEAVES=$2; shift 2 ;;
    --relays) RELAYS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --tools) TOOLS=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --out) OUT_DIR=$2; shift 2 ;;
    -h|--help) sed -n 2,11p "$0"; exit 0 ;;
    *) echo "relay.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[[ $(id -u) -eq 0 ]] || { echo "relay.sh: run as root (test sshd run in private mount namespaces)" >&2; exit 2; }
log() { echo "[relay $(date -u +%H:%M:%S)] $*" >&2; }
has_tool() { [[ ",$TOOLS," == *",$1,"* ]]; }

. "$here/lib/fleet.sh"
need=()
command -v rsync >/dev/null || need+=(rsync)
command -v clush >/dev/null || need+=(clustershell)
[[ -x /usr/bin/time ]] || need+=(time)
bench_install "${need[@]}"
bench_prepare relay
trap fleet_cleanup EXIT
trap 'exit 130' INT TERM

SRC="$WORK/tree"
python3 - "$SRC" <<'PY'
import os, random, sys
top = sys.argv[1]; rnd = random.Random(17)
for i in range(20):
    p = os.path.join(top, f"d{i % 4}", f"blob{i:02d}.bin"); os.makedirs(os.path.dirname(p), exist_ok=True)
    open(p, "wb").write(rnd.randbytes(1536 * 1024))          # 20 x 1.5 MiB = 30 MiB, incompressible
PY
bytes=$(du -sb "$SRC" | cut -f1); log "tree: $bytes bytes"

HOSTS=$((LEAVES + RELAYS))
fleet_start "$HOSTS" 127.0.175.1 --per-host-dirs
mapfile -t NAMES < "$DIR/names.txt"
RELAY_NAMES=("${NAMES[@]:0:$RELAYS}")
LEAF_NAMES=("${NAMES[@]:$RELAYS}")
LEAF_LIST=$(IFS=,; echo "${LEAF_NAMES[*]}")
log "fleet: ${#RELAY_NAMES[@]} relays, ${#LEAF_NAMES[@]} leaves"

# each relay: its own key in its private /root/.ssh, authorized on every host
for r in "${RELAY_NAMES[@]}"; do
  d="$DIR/hosts/$r/root/.ssh"; mkdir -p "$d"; chmod 700 "$d"
  ssh-keygen -q -t ed25519 -N '' -C "relay-$r" -f "$d/id_ed25519"
  cat "$d/id_ed25519.pub" >> "$DIR/authorized_keys"
done
# relays.yaml: leaves dealt round-robin to the relays
python3 - "$WORK/relays.yaml" "$RELAYS" "${NAMES[@]}" <<'PY'
import sys
out, n, names = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
relays, leaves = names[:n], names[n:]
with open(out, "w") as f:
    f.write("relays:\n")
    for i, r in enumerate(relays):
        f.write(f"  {r}: {{hosts: \"{','.join(leaves[i::n])}\", identity_file: /root/.ssh/id_ed25519}}\n")
PY

# clush tree mode: the relays are ClusterShell gateways (clush is on every host: /usr is shared)
mkdir -p "$WORK/clush"
{ echo "[routes]"; echo "$(hostname): $(IFS=,; echo "${RELAY_NAMES[*]}")"
  for i in "${!RELAY_NAMES[@]}"; do
    echo "${RELAY_NAMES[$i]}: $(python3 -c 'import sys; n=int(sys.argv[1]); i=int(sys.argv[2]); print(",".join(sys.argv[3:][i::n]))' "$RELAYS" "$i" "${LEAF_NAMES[@]}")"
  done; } > "$WORK/clush/topology.conf"

MUSTER_COMMON=(-i "$DIR/inventory.yaml" --known-hosts "$DIR/known_hosts" --identity "$DIR/id_ed25519" --store "$WORK/store" -q)
tool_cmd() {
  local d="/srv/bench-$1/"
  case "$1" in
    direct) CMD_=("$MUSTER" push "$SRC/" "$d" "$LEAF_LIST" -f "$LEAVES" "${MUSTER_COMMON[@]}") ;;
    relay) CMD_=("$MUSTER" push "$SRC/" "$d" "$LEAF_LIST" -f "$LEAVES" "${MUSTER_COMMON[@]}" -i "$WORK/relays.yaml") ;;
    clush-tree) CMD_=(env CLUSTERSHELL_CFGDIR="$WORK/clush" clush --topology "$WORK/clush/topology.conf" -f "$LEAVES"
                      -o "-F $CFG" -w "$LEAF_LIST" --copy "$SRC" --dest "/srv/bench-clush-tree") ;;
  esac
}
RESULTS="$WORK/results.tsv"; : > "$RESULTS"
measure() {  # measure CASE TOOL REP
  local base="$WORK/$1-$2-$3" rc=0
  tool_cmd "$2"
  /usr/bin/time -f '%e %U %S %M' -o "$base.time" timeout "$TIMEOUT" python3 "$here/lib/uplink.py" "$base.uplink" -- "${CMD_[@]}" \
    > "$base.out" 2> "$base.err" || rc=$?
  read -r up wall _ < "$base.uplink" || up=0
  read -r wall2 user sys rss < <(tail -1 "$base.time")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$wall2" "$up" "$rss" "$rc" >> "$RESULTS"
  log "$1 $2 run $3: ${wall2}s uplink $((up / 1048576)) MiB rc=$rc"
  [[ $rc -eq 0 ]] || head -3 "$base.err" | sed 's/^/    /' >&2
}
wipe() { parallel-ssh -p 200 -h "$DIR/hosts.txt" -x "-F $CFG" "rm -rf /srv/bench-*" >/dev/null 2>&1 || true
         for r in "${RELAY_NAMES[@]}"; do rm -rf "$DIR/hosts/$r/root/.muster-relay"; done; }
TOOL_LIST=(); for t in direct relay clush-tree; do has_tool "$t" && TOOL_LIST+=("$t"); done
for rep in $(seq 1 "$RUNS"); do
  for t in "${TOOL_LIST[@]}"; do wipe; measure first "$t" "$rep"; done
done

mkdir -p "$OUT_DIR"; report="$OUT_DIR/relay-$(date -u +%Y%m%d-%H%M%S).md"
python3 - "$RESULTS" "$LEAVES" "$RELAYS" "$bytes" "$(cd "$root" && git rev-parse --short HEAD)" "$ARGS" > "$report" <<'PY'
import statistics, sys, collections, datetime, os
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
leaves, relays, nbytes, commit, args = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]
by = collections.defaultdict(list)
for case, tool, rep, wall, up, rss, rc in rows:
    by[tool].append((float(wall), int(up), int(rss), int(rc)))
mib = 2 ** 20
bar = 1.1 * relays * nbytes
load = " ".join(open("/proc/loadavg").read().split()[:3])
now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M")
# Ready to paste into bench/RESULTS.md: a section with the command, the table, and the summary row.
print(f"### relay.sh — {nbytes / mib:.1f} MiB to {leaves} real OpenSSH hosts behind {relays} relays (issue 17)\n")
print(f"Measured {now} UTC at commit {commit}, load average {load} on {os.cpu_count()} cores: "
      f"`sudo bench/relay.sh{' ' + args if args else ''}`. Uplink = bytes the controller's socket owners wrote "
      f"(bench/lib/uplink.py). Bars: relay uplink <= 1.1 x {relays} x tree = {bar / mib:.0f} MiB; relay wall <= direct wall.\n")
print("| tool | wall (median) | uplink MiB (median) | uplink / tree | peak RSS MiB | failed runs |")
print("|---|---|---|---|---|---|")
med = {}
for tool, v in by.items():
    w = statistics.median(x[0] for x in v); u = statistics.median(x[1] for x in v)
    med[tool] = (w, u)
    print(f"| {tool} | {w:.2f} s | {u / mib:.0f} | {u / nbytes:.2f}x | {max(x[2] for x in v) / 1024:.0f} | {sum(1 for x in v if x[3])} |")
if "relay" in med and "direct" in med:
    (rw, ru), (dw, du) = med["relay"], med["direct"]
    print("\nSummary row for the table at the top of the section:\n")
    print(f"| relay.sh: {leaves} hosts, {relays} relays | uplink / tree: relay {ru / nbytes:.2f}x "
          f"({'meets' if ru <= bar else 'misses'} the {bar / nbytes:.1f}x bar), direct {du / nbytes:.2f}x"
          + (f", clush tree {med['clush-tree'][1] / nbytes:.2f}x" if "clush-tree" in med else "")
          + f"; wall relay {rw:.1f} s vs direct {dw:.1f} s ({'meets' if rw <= dw else 'misses'} the bar) |")
PY
cat "$report"; log "report: $report"
