#!/usr/bin/env bash
# Fleet-wide log search: `muster grep` vs `clush -b 'grep ...'` vs `pssh -i 'grep ...'` on the SAME
# real OpenSSH fleet (sshd on 127.0.x.y, every host with its own /srv), in one run.
# Each host gets LINES lines of application log in two files; a trace id is logged on 3 hosts only.
# Usage: sudo bench/grep.sh [--hosts N] [--runs R] [--lines L] [--no-build] [--out DIR]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

HOSTS=50
RUNS=5
WARMUP=1
LINES=20000         # log lines per host (in two files)
KEX="curve25519-sha256"
RUN_TIMEOUT=120
BUILD=1
OUT_DIR="$here/out"

usage() {
  cat <<EOF
usage: sudo bench/grep.sh [--hosts N] [--runs R] [--warmup W] [--lines L] [--timeout S] [--no-build] [--out DIR]
  --hosts N   hosts in the fleet, all searched at once (default $HOSTS)
  --runs R    measured runs per tool, medians reported (default $RUNS)
  --lines L   log lines per host (default $LINES)
EOF
}
while [[ $# -gt 0 ]]; do
  case "$1" in
    --hosts) HOSTS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --lines) LINES=$2; shift 2 ;;
    --timeout) RUN_TIMEOUT=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --out) OUT_DIR=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "grep.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
for n in "$HOSTS" "$RUNS" "$WARMUP" "$LINES" "$RUN_TIMEOUT"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "grep.sh: not a number: $n" >&2; exit 2; }
done
[[ $HOSTS -ge 3 && $RUNS -ge 1 ]] || { echo "grep.sh: needs --hosts >= 3 and --runs >= 1" >&2; exit 2; }
log() { echo "[grep.sh $(date -u +%H:%M:%S)] $*" >&2; }
[[ $(id -u) -eq 0 ]] || { echo "grep.sh: run as root (sudo): test sshd processes run in private mount namespaces" >&2; exit 2; }

need=()
command -v parallel-ssh >/dev/null || need+=(pssh)
command -v clush >/dev/null || need+=(clustershell)
[[ -x /usr/bin/time ]] || need+=(time)
[[ -x /usr/sbin/sshd ]] || need+=(openssh-server)
if [[ ${#need[@]} -gt 0 ]]; then
  log "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  timeout 600 apt-get update -qq && timeout 900 apt-get install -y -qq "${need[@]}" >/dev/null
fi
. "$here/lib/fleet.sh"
bench_prepare grep
timeout 60 "$MUSTER" grep --help >/dev/null 2>&1 || { echo "grep.sh: this muster has no grep command" >&2; exit 3; }
trap fleet_cleanup EXIT
trap 'exit 130' INT TERM
fleet_start "$HOSTS" 127.0.90.1 --per-host-dirs
FLEET="$DIR"
log "$(grep '^fleet:' "$FLEET.log" || echo "fleet of $HOSTS hosts up")"

# ---------------------------------------------------------------- logs on every host
TRACE="trace=$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')"
mapfile -t NAMES < "$FLEET/names.txt"
log "writing $LINES log lines on each of ${#NAMES[@]} hosts; $TRACE on 3 of them"
i=0
for h in "${NAMES[@]}"; do
  i=$((i + 1))
  d="$FLEET/hosts/$h/srv/log/app"
  mkdir -p "$d"
  extra=""
  if [[ $i -eq 2 || $i -eq $((HOSTS / 2)) || $i -eq $HOSTS ]]; then extra="$TRACE"; fi
  awk -v n="$LINES" -v h="$h" -v extra="$extra" -v d="$d" 'BEGIN {
      for (k = 1; k <= n; k++) {
        f = (k % 3 == 0) ? "worker.log" : "api.log"
        line = sprintf("2026-11-27T20:%02d:%02d.%03dZ INFO %s req=%d GET /orders/%d 200 %dms", int(k / 60) % 60, k % 60, k % 1000, h, k, k * 7, k % 97)
        if (extra != "" && k == int(n * 2 / 3)) line = line " " extra " retry"
        print line > (d "/" f)
      }
    }'
done
[[ -s "$FLEET/hosts/${NAMES[0]}/srv/log/app/api.log" ]] || { echo "grep.sh: per-host /srv not where expected" >&2; exit 4; }

# ---------------------------------------------------------------- tools
CFG="$FLEET/ssh_config"
NODES=$(nodeset -f < "$FLEET/names.txt")
REMOTE="grep -H -n -F '$TRACE' /srv/log/app/*.log"
declare -A CMD
CMD[muster]="$MUSTER grep all -F '$TRACE' '/srv/log/app/*.log' --inventory $FLEET/inventory.yaml --known-hosts $FLEET/known_hosts --identity $FLEET/id_ed25519 -f $HOSTS --store $WORK/muster-store"
CMD[clush]="clush -b -f $HOSTS -w $NODES -o '-F $CFG' \"$REMOTE\""
CMD[pssh]="parallel-ssh -i -p $HOSTS -t $RUN_TIMEOUT -h $FLEET/hosts.txt -x '-F $CFG' \"$REMOTE\""
TOOLS=(muster clush pssh)

# found TOOL OUT: how many hosts the tool's own output shows the trace id on
found() {
  case "$1" in
    muster) grep -F "$TRACE" "$2" | sed -n 's/^[^ ]* (\([0-9]*\)): .*/\1/p' | paste -sd+ | bc ;;
    clush) awk -v t="$TRACE" '/^-+$/ { sep = !sep; next } sep { hdr = $0; next } index($0, t) { seen[hdr] = 1 }
             END { for (h in seen) print h }' "$2" | sed 's/ ([0-9]*)$//' | xargs -r nodeset -c ;;
    pssh) grep -c '\[SUCCESS\]' "$2" || true ;;
  esac
}

RESULTS="$WORK/results.tsv"; : > "$RESULTS"
for rep in $(seq 1 $((WARMUP + RUNS))); do
  for tool in "${TOOLS[@]}"; do
    base="$WORK/$tool-$rep"; rc=0
    /usr/bin/time -f '%e %U %S %M' -o "$base.time" timeout -k 5 "$RUN_TIMEOUT" bash -c "${CMD[$tool]}" \
      > "$base.out" 2> "$base.err" || rc=$?
    read -r wall user sys rss < <(grep -E '^[0-9.]+ [0-9.]+ [0-9.]+ [0-9]+$' "$base.time" | tail -1)
    hits=$(found "$tool" "$base.out" || true); hits=${hits:-0}
    if [[ $rep -gt $WARMUP ]]; then
      printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$wall" "$(echo "$user + $sys" | bc)" "$rss" "$hits" "$rc" >> "$RESULTS"
    fi
    warm=""; [[ $rep -le $WARMUP ]] && warm=" (warm-up)"
    log "$tool run $rep$warm: ${wall}s rc=$rc hosts shown with the trace id: $hits"
  done
done

# ---------------------------------------------------------------- report
mkdir -p "$OUT_DIR"
report="$OUT_DIR/grep-$(date -u +%Y%m%dT%H%M%SZ).md"
med() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "-"; else if (NR % 2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }
col() { awk -F'\t' -v t="$1" -v c="$2" '$1==t{print $c}' "$RESULTS"; }
{
  echo "# muster grep benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "- command: \`bench/grep.sh --hosts $HOSTS --runs $RUNS --warmup $WARMUP --lines $LINES\`"
  echo "- machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $("$JAVA" -version 2>&1 | head -1); $(ssh -V 2>&1); clush $(clush --version 2>&1 | awk '{print $2}'); $(parallel-ssh --version 2>&1 | head -1 | sed 's/^/pssh /')"
  echo "- muster commit $(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown); KEX forced to \`$KEX\` on the server side; real OpenSSH sshd on loopback, a private /srv per host"
  echo "- search: a trace id logged on 3 of $HOSTS hosts, $LINES lines per host in two files (\`/srv/log/app/*.log\`), all hosts at once (fan-out $HOSTS), new SSH connections every run"
  echo "- pssh exits 1 and marks [FAILURE] for every host where grep found nothing (grep's exit 1); clush -b folds identical output; muster folds identical lines and reports no-match hosts as such"
  echo
  echo '| tool | median wall s | median client CPU s | median peak RSS MiB | hosts shown with the id | wall vs muster |'
  echo '|---|---|---|---|---|---|'
  mwall=$(col muster 2 | med)
  for tool in "${TOOLS[@]}"; do
    w=$(col "$tool" 2 | med); c=$(col "$tool" 3 | med); r=$(col "$tool" 4 | med)
    hits=$(col "$tool" 5 | sort -u | paste -sd/)
    ratio=$(awk -v a="$w" -v b="$mwall" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }')
    echo "| $tool | $w | $c | $(awk -v k="$r" 'BEGIN { printf "%.0f", k / 1024 }') | $hits | $ratio |"
  done
  echo
  echo "Commands (\$W is the work directory):"
  for tool in "${TOOLS[@]}"; do echo; echo '```'; echo "${CMD[$tool]//$WORK/\$W}" | cut -c1-400; echo '```'; done
  echo
  echo "What each printed on the last run (first 12 lines):"
  for tool in "${TOOLS[@]}"; do
    echo; echo "$tool:"; echo '```'; head -12 "$WORK/$tool-$((WARMUP + RUNS)).out" | cut -c1-160; echo '```'
  done
} | tee "$report"
log "report written to $report"
