#!/usr/bin/env bash
# Benchmarks `muster push` against a bash loop of `rsync -a`, prsync (parallel-rsync -a),
# `clush --copy` and `ansible -m ansible.posix.synchronize` on the SAME real OpenSSH fleet
# (one sshd per host on 127.0.x.y, each host with a private /srv), in one run.
# Three cases: first push of a 300-file ~30 MiB tree, no-op re-push, 3 files changed.
# Every tool pushes to its own directory (/srv/bench-TOOL) so one tool's state never helps another.
# Two more tools keep their SSH connections between commands: muster-persist (MUSTER_PERSIST=10m:
# the muster daemon holds the sessions) and prsync-cm (prsync over OpenSSH ControlMaster with
# ControlPersist 10m). Their first round's first push opens the connections; later rounds reuse them.
# Usage: sudo bench/push.sh [--hosts 50] [--runs 3]
#          [--tools muster,muster-persist,rsync,prsync,prsync-cm,clush,ansible] [--no-build]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
HOSTS=50
RUNS=3
TOOLS="muster,muster-persist,rsync,prsync,prsync-cm,clush,ansible"
KEX="curve25519-sha256"
BUILD=1
TIMEOUT=600
OUT_DIR="$here/out"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --hosts) HOSTS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --tools) TOOLS=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --out) OUT_DIR=$2; shift 2 ;;
    -h|--help) sed -n 2,12p "$0"; exit 0 ;;
    *) echo "push.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[[ $(id -u) -eq 0 ]] || { echo "push.sh: run as root (test sshd run in private mount namespaces)" >&2; exit 2; }
log() { echo "[push $(date -u +%H:%M:%S)] $*" >&2; }
has_tool() { [[ ",$TOOLS," == *",$1,"* ]]; }

. "$here/lib/fleet.sh"
need=()
command -v rsync >/dev/null || need+=(rsync)
command -v parallel-rsync >/dev/null || need+=(pssh)
command -v clush >/dev/null || need+=(clustershell)
command -v ansible >/dev/null || need+=(ansible)
[[ -x /usr/bin/time ]] || need+=(time)
bench_install "${need[@]}"
bench_prepare push
trap fleet_cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- the tree
SRC="$WORK/tree"
python3 - "$SRC" <<'PY'
import os, random, sys
top = sys.argv[1]; rnd = random.Random(42)
def write(rel, data):
    p = os.path.join(top, rel); os.makedirs(os.path.dirname(p), exist_ok=True)
    open(p, "wb").write(data)
for i in range(10):
    write(f"big/blob{i:02d}.bin", rnd.randbytes(1536 * 1024))
words = b"muster fleet push rsync host config nginx upstream server listen timeout retry\n".split()
for i in range(90):
    if i % 2:
        write(f"mid/d{i % 9}/asset{i:02d}.bin", rnd.randbytes(128 * 1024))
    else:
        write(f"mid/d{i % 9}/page{i:02d}.txt", b" ".join(rnd.choice(words) for _ in range(24000))[:128 * 1024])
for i in range(200):
    write(f"small/s{i % 20:02d}/note{i:03d}.txt", b"\n".join(rnd.choice(words) for _ in range(rnd.randint(20, 400))))
PY
files=$(find "$SRC" -type f | wc -l); bytes=$(du -sb "$SRC" | cut -f1)
log "tree: $files files, $bytes bytes"

# ---------------------------------------------------------------- the fleet
fleet_start "$HOSTS" 127.0.90.1 --per-host-dirs
NODES=$(python3 -c "import sys; n=[l.strip() for l in open(sys.argv[1]) if l.strip()]; print(','.join(n))" "$DIR/names.txt")
log "fleet: $HOSTS hosts up"

cat > "$WORK/ansible.cfg" <<EOC
[defaults]
host_key_checking = True
interpreter_python = auto_silent
deprecation_warnings = False
local_tmp = $WORK/ansible-tmp
nocolor = True
[ssh_connection]
pipelining = True
EOC

MUSTER_COMMON=(-i "$DIR/inventory.yaml" --known-hosts "$DIR/known_hosts" --identity "$DIR/id_ed25519" --store "$WORK/store")
# muster-persist: the daemon's socket under $WORK; prsync-cm: OpenSSH masters that persist
PERSIST_ENV=(env MUSTER_PERSIST=10m XDG_RUNTIME_DIR="$WORK/persist")
mkdir -p "$WORK/persist" "$WORK/cm" && chmod 700 "$WORK/persist" "$WORK/cm"
CFG_CM="$WORK/ssh_config_cm"
{ printf 'Host *\n  ControlMaster auto\n  ControlPath %s/%%C\n  ControlPersist 10m\n\n' "$WORK/cm"; cat "$CFG"; } > "$CFG_CM"

# tool_cmd TOOL: fills CMD_ with the command that pushes $SRC/ to /srv/bench-TOOL/ on every host
tool_cmd() {
  local d="/srv/bench-$1/"
  case "$1" in
    muster) CMD_=("$MUSTER" push "$SRC/" "$d" all -f "$HOSTS" "${MUSTER_COMMON[@]}" -q) ;;
    muster-persist) CMD_=("${PERSIST_ENV[@]}" "$MUSTER" push "$SRC/" "$d" all -f "$HOSTS" "${MUSTER_COMMON[@]}" -q) ;;
    prsync-cm) CMD_=(parallel-rsync -a -p "$HOSTS" -t 0 -h "$DIR/names.txt" -X -e -X "ssh -F $CFG_CM" "$SRC/" "$d") ;;
    rsync) CMD_=(bash -c 'while read -r h; do rsync -a -e "ssh -F $1" "$2/" "$h:$3" & done < "$4"; wait' _ "$CFG" "$SRC" "$d" "$DIR/names.txt") ;;
    prsync) CMD_=(parallel-rsync -a -p "$HOSTS" -t 0 -h "$DIR/names.txt" -X -e -X "ssh -F $CFG" "$SRC/" "$d") ;;
    clush) CMD_=(clush -f "$HOSTS" -w "$NODES" -o "-F $CFG" --copy "$SRC" --dest "/srv/bench-clush") ;;
    ansible) CMD_=(env ANSIBLE_CONFIG="$WORK/ansible.cfg" ANSIBLE_SSH_ARGS="-F $CFG" ansible all -i "$DIR/inventory.ini"
                   -f "$HOSTS" -m ansible.posix.synchronize -a "src=$SRC/ dest=$d use_ssh_args=true") ;;
  esac
}

RESULTS="$WORK/results.tsv"; : > "$RESULTS"
# The persist daemon's pid (empty if none), and its CPU seconds (utime+stime) and peak RSS (KiB)
persist_pid() { "${PERSIST_ENV[@]}" "$MUSTER" persist status 2>/dev/null | sed -n 's/^persist daemon \([0-9]*\)$/\1/p'; }
pid_cpu() { [[ -n "$1" && -r /proc/$1/stat ]] && awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$1/stat" || echo 0; }
pid_hwm() { [[ -n "$1" && -r /proc/$1/status ]] && awk '/^VmHWM/ {print $2}' "/proc/$1/status" || echo 0; }
measure() {   # measure CASE TOOL REP
  local base="$WORK/$1-$2-$3" rc=0 pid_before="" cpu_before=0
  tool_cmd "$2"
  if [[ $2 == muster-persist ]]; then pid_before=$(persist_pid); cpu_before=$(pid_cpu "$pid_before"); fi
  /usr/bin/time -f '%e %U %S %M' -o "$base.time" timeout "$TIMEOUT" "${CMD_[@]}" > "$base.out" 2> "$base.err" || rc=$?
  read -r wall user sys rss < <(tail -1 "$base.time")
  if [[ $2 == muster-persist ]]; then
    # the work happens in the daemon: add its CPU over the command to the client's, and take its peak RSS
    local pid_after; pid_after=$(persist_pid)
    [[ "$pid_after" == "$pid_before" ]] || cpu_before=0
    sys=$(echo "$sys + $(pid_cpu "$pid_after") - $cpu_before" | bc)
    local hwm; hwm=$(pid_hwm "$pid_after"); [[ $hwm -gt $rss ]] && rss=$hwm
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$wall" "$(echo "$user + $sys" | bc)" "$rss" "$rc" >> "$RESULTS"
  log "$1 $2 run $3: ${wall}s rc=$rc"
  [[ $rc -eq 0 ]] || head -3 "$base.err" | sed 's/^/    /' >&2
}
wipe() { parallel-ssh -p "$HOSTS" -h "$DIR/names.txt" -x "-F $CFG" "rm -rf /srv/bench-$1 && mkdir -p /srv/bench-$1" > /dev/null 2>&1 || true; }
verify() {  # every host holds the tree: compare a sample host's checksum listing with the local one
  local tool=$1 h
  h=$(head -1 "$DIR/names.txt")
  local want got
  want=$(cd "$SRC" && find . -type f -exec sha256sum {} + | sort | sha256sum)
  local top="/srv/bench-$tool"
  [[ $tool == clush ]] && top="/srv/bench-clush/$(basename "$SRC")"   # clush --copy puts the directory itself into --dest
  got=$(ssh -F "$CFG" "$h" "cd $top && find . -type f -exec sha256sum {} + | sort | sha256sum" || true)
  [[ "$want" == "$got" ]] || log "WARNING: $tool left a different tree on $h"
}
change3() {
  local i
  for i in 1 2 3; do printf 'edit %s %s\n' "$RANDOM" "$(date +%s%N)" >> "$SRC/small/s0$i/note00$i.txt"; done
}

TOOL_LIST=()
for t in muster muster-persist rsync prsync prsync-cm clush ansible; do has_tool "$t" && TOOL_LIST+=("$t"); done
for rep in $(seq 1 "$RUNS"); do
  for t in "${TOOL_LIST[@]}"; do wipe "$t"; measure first "$t" "$rep"; done
  for t in "${TOOL_LIST[@]}"; do measure noop "$t" "$rep"; done
  change3
  for t in "${TOOL_LIST[@]}"; do measure change3 "$t" "$rep"; done
done
for t in "${TOOL_LIST[@]}"; do verify "$t"; done
has_tool muster-persist && "${PERSIST_ENV[@]}" "$MUSTER" persist stop >/dev/null 2>&1 || true
has_tool prsync-cm && for h in $(cat "$DIR/names.txt"); do ssh -F "$CFG_CM" -O exit "$h" 2>/dev/null; done || true

mkdir -p "$OUT_DIR"
stamp=$(date -u +%Y%m%d-%H%M%S)
report="$OUT_DIR/push-$stamp.md"
python3 - "$RESULTS" "$HOSTS" "$files" "$bytes" "$(cd "$root" && git rev-parse --short HEAD)" > "$report" <<'PY'
import statistics, sys, collections
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
hosts, files, nbytes, commit = sys.argv[2:6]
by = collections.defaultdict(list)
for case, tool, rep, wall, cpu, rss, rc in rows:
    by[(case, tool)].append((float(wall), float(cpu), int(rss), int(rc)))
tools = list(dict.fromkeys(r[1] for r in rows))
print(f"# muster push vs rsync/prsync/clush/ansible — {hosts} real OpenSSH hosts, commit {commit}\n")
print(f"Tree: {files} files, {int(nbytes) / 2**20:.1f} MiB. Fan-out {hosts}. Medians of wall time; ratio = tool / prsync in the same run.\n")
print("| case | " + " | ".join(tools) + " |")
print("|---|" + "---|" * len(tools))
for case in ("first", "noop", "change3"):
    base = by.get((case, "prsync"))
    pm = statistics.median(w for w, *_ in base) if base else None
    cells = []
    for t in tools:
        v = by.get((case, t))
        if not v:
            cells.append("-"); continue
        m = statistics.median(w for w, *_ in v)
        bad = sum(1 for *_, rc in v if rc != 0)
        cell = f"{m:.2f} s" + (f" ({m / pm:.2f}x)" if pm else "") + (f" rc!=0 x{bad}" if bad else "")
        cells.append(cell)
    print(f"| {case} | " + " | ".join(cells) + " |")
print("\n| tool | peak RSS (MiB, max over runs) | client CPU s (median, first push) |")
print("|---|---|---|")
for t in tools:
    rss = max(r for case in ("first", "noop", "change3") for _, _, r, _ in by.get((case, t), [])) / 1024
    cpu = statistics.median(c for _, c, _, _ in by.get(("first", t), [(0, 0, 0, 0)]))
    print(f"| {t} | {rss:.0f} | {cpu:.2f} |")
print("\nEvery run, in order (wall s), for the tools whose connections outlive a command:\n")
for t in tools:
    if t in ("muster-persist", "prsync-cm"):
        for case in ("first", "noop", "change3"):
            print(f"- {t} {case}: " + " / ".join(f"{w:.2f}" for w, *_ in by.get((case, t), [])))
print("\nmuster-persist: CPU is the client's plus the daemon's over the command; RSS the larger of the two"
      " (the daemon's peak so far). prsync-cm: the ssh masters' own CPU is not counted.")
PY
cat "$report"
log "report: $report"
