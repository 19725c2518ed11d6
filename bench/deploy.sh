#!/usr/bin/env bash
# Benchmarks a rolling deploy with `muster apply`: a ~20 MB release (tar.gz) to N real OpenSSH hosts
# (one sshd per host on 127.0.x.y, each with a private /srv and an HTTP service on its own address
# serving /srv/app/current), batches of 10%, an HTTP health gate after each batch.
# Reports wall time and how much of it is the batches' steps (transfer, switch, handler), gate
# waiting and muster's own overhead (JVM start, artifact check and unpack, planning), for a first
# deploy and for a second release that differs in a few files; then puts the transfer part beside
# `muster push` and `prsync -a` of the same unpacked tree to the same hosts, in the same run.
# Usage: sudo bench/deploy.sh [--hosts 100] [--runs 3] [--no-build]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
HOSTS=100
RUNS=3
KEX="curve25519-sha256"
BUILD=1
TIMEOUT=900
OUT_DIR="$here/out"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --hosts) HOSTS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --out) OUT_DIR=$2; shift 2 ;;
    -h|--help) sed -n 2,9p "$0"; exit 0 ;;
    *) echo "deploy.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[[ $(id -u) -eq 0 ]] || { echo "deploy.sh: run as root (test sshd run in private mount namespaces)" >&2; exit 2; }
log() { echo "[deploy $(date -u +%H:%M:%S)] $*" >&2; }

. "$here/lib/fleet.sh"
need=()
command -v parallel-rsync >/dev/null || need+=(pssh)
command -v rsync >/dev/null || need+=(rsync)
[[ -x /usr/bin/time ]] || need+=(time)
bench_install "${need[@]}"
bench_prepare deploy
trap fleet_cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- the releases
TREE="$WORK/tree"
python3 - "$TREE" <<'PY'
import os, random, sys
top = sys.argv[1]; rnd = random.Random(7)
def write(rel, data):
    p = os.path.join(top, rel); os.makedirs(os.path.dirname(p), exist_ok=True)
    open(p, "wb").write(data)
for i in range(12):
    write(f"lib/part{i:02d}.jar", rnd.randbytes(1536 * 1024))          # 18 MiB that does not compress
words = b"muster release deploy gate canary rollback batch health\n".split()
for i in range(150):
    write(f"static/s{i % 10}/file{i:03d}.txt", b" ".join(rnd.choice(words) for _ in range(rnd.randint(200, 3000))))
write("health", b"200\n")
PY
mkrelease() {  # mkrelease VERSION: app-VERSION.tar.gz from the tree, with VERSION inside
  printf '%s\n' "$1" > "$TREE/VERSION"
  tar -czf "$WORK/app-$1.tar.gz" -C "$TREE" .
}
mkrelease 1
printf 'changed %s\n' "$(date +%s%N)" >> "$TREE/static/s1/file001.txt"
printf 'changed %s\n' "$(date +%s%N)" >> "$TREE/static/s2/file002.txt"
mkrelease 2
size=$(stat -c %s "$WORK/app-1.tar.gz")
log "release: $(find "$TREE" -type f | wc -l) files, artifact $size bytes"

# ---------------------------------------------------------------- the fleet
fleet_start "$HOSTS" 127.0.91.1 --per-host-dirs --release-service /srv/app
PORT=$(cat "$DIR/release-port")
log "fleet: $HOSTS hosts up, release service on port $PORT"

cat > "$WORK/release.yaml" <<EOP
name: bench
targets: all
strategy: {kind: rolling, batch: "10%"}
handlers:
  restart: {run: "echo restarted >> /srv/app/restarts"}
steps:
  - release: {artifact: "app-{{ version }}.tar.gz", base: /srv/app, keep: 3}
    notify: restart
gates:
  - check: {http: "http://{address}:$PORT/health", expect: "200", interval: 200ms, critical_after: 3}
    timeout: 30s
EOP
MUSTER_COMMON=(-i "$DIR/inventory.yaml" --known-hosts "$DIR/known_hosts" --identity "$DIR/id_ed25519" --store "$WORK/store")
RESULTS="$WORK/results.tsv"; : > "$RESULTS"

run_timed() {  # run_timed CASE REP CMD...: wall, cpu, rss, rc into RESULTS; output in $WORK/CASE-REP.out
  local c=$1 rep=$2; shift 2
  local base="$WORK/$c-$rep" rc=0
  /usr/bin/time -f '%e %U %S %M' -o "$base.time" timeout "$TIMEOUT" "$@" > "$base.out" 2> "$base.err" || rc=$?
  read -r wall user sys rss < <(tail -1 "$base.time")
  local steps=0 gates=0
  if grep -q ' · steps ' "$base.out"; then
    read -r steps gates < <(python3 - "$base.out" <<'PY'
import re, sys
s = g = 0.0
for line in open(sys.argv[1]):
    m = re.search(r"steps ([0-9.]+) s · gates ([0-9.]+) s", line)
    if m:
        s += float(m.group(1)); g += float(m.group(2))
print(f"{s:.2f} {g:.2f}")
PY
)
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$c" "$rep" "$wall" "$(echo "$user + $sys" | bc)" "$rss" "$rc" "$steps" "$gates" >> "$RESULTS"
  log "$c run $rep: ${wall}s (steps ${steps}s, gates ${gates}s) rc=$rc"
  [[ $rc -eq 0 ]] || { head -5 "$base.err" >&2; tail -5 "$base.out" >&2; }
}
wipe() { parallel-ssh -p "$HOSTS" -h "$DIR/names.txt" -x "-F $CFG" "rm -rf /srv/app /srv/push-muster /srv/push-prsync" > /dev/null 2>&1 || true; }

for rep in $(seq 1 "$RUNS"); do
  wipe
  run_timed first "$rep" "$MUSTER" apply "$WORK/release.yaml" -e version=1 -f "$HOSTS" --timings "${MUSTER_COMMON[@]}"
  run_timed second "$rep" "$MUSTER" apply "$WORK/release.yaml" -e version=2 -f "$HOSTS" --timings "${MUSTER_COMMON[@]}"
  run_timed push "$rep" "$MUSTER" push "$TREE/" /srv/push-muster/ all -f "$HOSTS" -q "${MUSTER_COMMON[@]}"
  run_timed prsync "$rep" parallel-rsync -a -p "$HOSTS" -t 0 -h "$DIR/names.txt" -X -e -X "ssh -F $CFG" "$TREE/" /srv/push-prsync/
done
# every host ends on release 2 and serves it
bad=0
for h in $(head -3 "$DIR/names.txt"); do
  v=$(ssh -F "$CFG" "$h" "cat /srv/app/current/VERSION" || true)
  [[ "$v" == "2" ]] || { log "WARNING: $h serves version '$v'"; bad=1; }
done

mkdir -p "$OUT_DIR"
stamp=$(date -u +%Y%m%d-%H%M%S)
report="$OUT_DIR/deploy-$stamp.md"
python3 - "$RESULTS" "$HOSTS" "$size" "$(cd "$root" && git rev-parse --short HEAD)" > "$report" <<'PY'
import statistics, sys, collections
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
hosts, size, commit = sys.argv[2:5]
by = collections.defaultdict(list)
for case, rep, wall, cpu, rss, rc, steps, gates in rows:
    by[case].append(dict(wall=float(wall), cpu=float(cpu), rss=int(rss), rc=int(rc), steps=float(steps), gates=float(gates)))
med = lambda case, k: statistics.median(r[k] for r in by[case])
print(f"# muster apply: rolling deploy, {hosts} real OpenSSH hosts, commit {commit}\n")
print(f"Artifact {int(size) / 2**20:.1f} MiB (.tar.gz), batches of 10%, an HTTP gate per batch "
      f"(interval 200 ms), fan-out = batch. Medians over {len(by['first'])} runs.\n")
print("| case | wall | batches' steps | gates | muster overhead | client CPU | peak RSS | failed runs |")
print("|---|---|---|---|---|---|---|---|")
for case, label in (("first", "first deploy (every file sent)"), ("second", "second release (2 files changed)")):
    if case not in by:
        continue
    w, s, g = med(case, "wall"), med(case, "steps"), med(case, "gates")
    print(f"| {label} | {w:.2f} s | {s:.2f} s | {g:.2f} s | {w - s - g:.2f} s | {med(case, 'cpu'):.1f} s | "
          f"{max(r['rss'] for r in by[case]) / 1024:.0f} MiB | {sum(1 for r in by[case] if r['rc'])} |")
print("\nThe same unpacked tree pushed to every host at once (fan-out = hosts), same run:\n")
print("| tool | wall | client CPU |")
print("|---|---|---|")
for case in ("push", "prsync"):
    if case in by:
        print(f"| {'muster push' if case == 'push' else 'prsync -a'} | {med(case, 'wall'):.2f} s | {med(case, 'cpu'):.1f} s |")
if "push" in by and "first" in by:
    print(f"\nFirst deploy's steps (all batches) / muster push of the same tree: "
          f"{med('first', 'steps') / med('push', 'wall'):.2f}x")
PY
cat "$report"
log "report: $report"
exit $bad
