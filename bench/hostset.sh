#!/usr/bin/env bash
# Folding and expanding 100,000 host names: `muster hostset` vs ClusterShell's `nodeset`, side by
# side. Each round runs muster then nodeset on the same input, and each pair gives a ratio, so a
# machine whose speed drifts during the run (other work on it) moves both sides of a pair alike.
# Whole processes are timed (start-up included) with GNU time: wall, and CPU (user + system).
#
# Cases:
#   fold    100,000 shuffled names node000001..node100000 on stdin      (-f)
#   expand  node[000001-100000]                                          (-e, 100,000 names out)
#   grid    100,000 shuffled names rack000-node000..rack099-node999      (-f, two numbered parts)
# Usage: bench/hostset.sh [--runs R] [--cases fold,expand,grid] [--no-build]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
RUNS=7
CASES="fold,expand,grid"
BUILD=1

usage() {
  cat <<EOF
usage: bench/hostset.sh [--runs R] [--cases LIST] [--no-build]
  --runs R      measured rounds per case, medians reported (default $RUNS; one warm-up round first)
  --cases LIST  comma-separated: fold, expand, grid (default $CASES; grid's nodeset takes ~10 s a run)
  --no-build    use the muster jar already built
EOF
}
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --cases) CASES=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "hostset.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
for tool in nodeset python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "hostset.sh: needs $tool (apt-get install clustershell python3 time)" >&2; exit 2; }
done
if [[ $BUILD == 1 ]]; then
  (cd "$root" && ./mvnw -B -ntp -q -o -DskipTests package 2>/dev/null || ./mvnw -B -ntp -q -DskipTests package)
fi

work=$(mktemp -d /tmp/muster-hostset-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
python3 - "$work" <<'EOF'
import random, sys
work = sys.argv[1]
rnd = random.Random(14)
names = ["node%06d" % i for i in range(1, 100001)]
rnd.shuffle(names)
open(work + "/fold.txt", "w").write("\n".join(names) + "\n")
grid = ["rack%03d-node%03d" % (r, n) for r in range(100) for n in range(1000)]
rnd.shuffle(grid)
open(work + "/grid.txt", "w").write("\n".join(grid) + "\n")
EOF

muster="$root/muster"
# one command line per tool and case; output goes to a file, checked equal below
cmd() {
  case "$1:$2" in
    muster:fold) echo "$muster hostset -f < $work/fold.txt" ;;
    nodeset:fold) echo "nodeset -f < $work/fold.txt" ;;
    muster:expand) echo "$muster hostset -e 'node[000001-100000]'" ;;
    nodeset:expand) echo "nodeset -e 'node[000001-100000]'" ;;
    muster:grid) echo "$muster hostset -f < $work/grid.txt" ;;
    nodeset:grid) echo "nodeset -f < $work/grid.txt" ;;
  esac
}
timed() { # tool case -> "wall cpu", the output kept in $work/out.TOOL.CASE
  /usr/bin/time -f "%e %U %S" -o "$work/time" sh -c "$(cmd "$1" "$2") > $work/out.$1.$2"
  awk '{printf "%s %.3f\n", $1, $2 + $3}' "$work/time"
}

echo "# muster hostset vs nodeset, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "- machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- muster: $(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo '?'), $("$muster" --version); nodeset $(nodeset --version 2>&1 | awk '{print $2}')"
echo "- $RUNS rounds per case after one warm-up round; in each round muster then nodeset; ratios are taken pair by pair"
echo
echo "| case | muster wall (s) | nodeset wall (s) | wall ratio | muster CPU (s) | nodeset CPU (s) | CPU ratio |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for c in ${CASES//,/ }; do
  timed muster "$c" >/dev/null
  timed nodeset "$c" >/dev/null
  if ! cmp -s "$work/out.muster.$c" "$work/out.nodeset.$c"; then
    echo "hostset.sh: case $c: muster and nodeset printed different answers" >&2
    diff <(head -c 400 "$work/out.muster.$c") <(head -c 400 "$work/out.nodeset.$c") >&2 || true
    exit 1
  fi
  : > "$work/rounds"
  for ((r = 1; r <= RUNS; r++)); do
    echo "$(timed muster "$c") $(timed nodeset "$c")" >> "$work/rounds"
  done
  python3 - "$c" "$work/rounds" <<'EOF'
import statistics, sys
case, path = sys.argv[1], sys.argv[2]
rows = [list(map(float, l.split())) for l in open(path) if l.strip()]
med = lambda xs: statistics.median(xs)
mw, mc, nw, nc = med([r[0] for r in rows]), med([r[1] for r in rows]), med([r[2] for r in rows]), med([r[3] for r in rows])
wr = med([r[0] / r[2] for r in rows]); cr = med([r[1] / r[3] for r in rows])
print(f"| {case} | {mw:.3f} | {nw:.3f} | {wr:.2f}x | {mc:.3f} | {nc:.3f} | {cr:.2f}x |")
EOF
done
echo
echo "Medians over the rounds; a ratio below 1 means muster took less. Both tools printed the same answer in every case."
