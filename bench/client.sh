#!/usr/bin/env bash
# The interactive feel (issue 16): a one-host command through the persist daemon, against `ssh` over
# a live OpenSSH ControlMaster, on the SAME real OpenSSH host, with hyperfine in one run:
#   ssh-cm         ssh -F ssh_config_cm HOST true           (the master opened before timing)
#   muster-bash    muster run HOST -- true                   (launcher's bash client -> daemon's TCP front)
#   muster-jvm     the same with MUSTER_PERSIST_TCP=0         (the JVM client -> daemon's Unix socket)
#   jvm-hello      a JVM hello world (C1, SerialGC, CDS)      (the floor of any JVM client)
# Target: muster-bash at most 2x ssh-cm. Every daemon is started and warmed before timing; the
# script fails if muster-bash did not go through the bash client.
# Usage: sudo bench/client.sh [--runs 40] [--no-build] [--out DIR]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
RUNS=40
BUILD=1
OUT_DIR="$here/out"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --out) OUT_DIR=$2; shift 2 ;;
    -h|--help) sed -n 2,11p "$0"; exit 0 ;;
    *) echo "client.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[[ "$RUNS" =~ ^[0-9]+$ && $RUNS -ge 3 ]] || { echo "client.sh: --runs must be a number >= 3" >&2; exit 2; }
[[ $(id -u) -eq 0 ]] || { echo "client.sh: run as root (test sshd run in private mount namespaces)" >&2; exit 2; }
log() { echo "[client $(date -u +%H:%M:%S)] $*" >&2; }

. "$here/lib/fleet.sh"
need=()
command -v hyperfine >/dev/null || need+=(hyperfine)
command -v jq >/dev/null || need+=(jq)
bench_install "${need[@]}"
bench_prepare client
cleanup() {
  set +e
  [[ -n "${CFG_CM:-}" && -n "${HOST:-}" ]] && timeout 5 ssh -F "$CFG_CM" -O exit "$HOST" >/dev/null 2>&1
  for env_tcp in 1 0; do
    (cd "$WORK/cwd" 2>/dev/null && MUSTER_PERSIST_TCP=$env_tcp timeout 30 "$MUSTER" persist stop >/dev/null 2>&1)
  done
  fleet_cleanup
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fleet_start 1 127.0.236.1
HOST=$(head -1 "$DIR/names.txt")
log "fleet: $HOST up"

# ssh over a live ControlMaster: the master is opened here, not timed
mkdir -p "$WORK/cm" && chmod 700 "$WORK/cm"
CFG_CM="$WORK/ssh_config_cm"
{ printf 'Host *\n  ControlMaster no\n  ControlPath %s/%%C\n\n' "$WORK/cm"; cat "$CFG"; } > "$CFG_CM"
ssh -F "$CFG" -o ControlMaster=yes -o ControlPath="$WORK/cm/%C" -o ControlPersist=20m -fN "$HOST"
timeout 5 ssh -F "$CFG_CM" -O check "$HOST" 2>/dev/null || { echo "client.sh: the ControlMaster is not up" >&2; exit 4; }

# muster's daemons serve one directory and environment each: both live in $WORK/cwd
mkdir -p "$WORK/cwd" "$WORK/persist" && chmod 700 "$WORK/persist"
export MUSTER_PERSIST=20m XDG_RUNTIME_DIR="$WORK/persist"
cd "$WORK/cwd"
RUN=("$MUSTER" run "$HOST" -i "$DIR/inventory.yaml" --known-hosts "$DIR/known_hosts" --identity "$DIR/id_ed25519"
     --store "$WORK/store" -- true)
for _ in 1 2 3 4 5; do "${RUN[@]}" > /dev/null; MUSTER_PERSIST_TCP=0 "${RUN[@]}" > /dev/null; done
"${RUN[@]}" -v > "$WORK/check.out" 2> "$WORK/check.err" || { cat "$WORK/check.err" >&2; exit 4; }
if grep -q 'without the fast client' "$WORK/check.err"; then
  echo "client.sh: muster did not use the bash client:" >&2; cat "$WORK/check.err" >&2; exit 4
fi
log "muster: both daemons warm; the bash client serves"

mkdir -p "$WORK/hello"
cat > "$WORK/hello/Hello.java" <<'JAVA'
public class Hello { public static void main(String[] a) { System.out.println("hello"); } }
JAVA
"$JAVA_HOME/bin/javac" --release 21 -d "$WORK/hello" "$WORK/hello/Hello.java"

q() { printf '%q ' "$@"; }
hyperfine -N --warmup 5 --runs "$RUNS" --export-json "$WORK/client.json" --export-markdown "$WORK/client.md" \
  -n ssh-cm "$(q ssh -F "$CFG_CM" "$HOST" true)" \
  -n muster-bash "$(q "${RUN[@]}")" \
  -n muster-jvm "$(q env MUSTER_PERSIST_TCP=0 "${RUN[@]}")" \
  -n jvm-hello "$(q "$JAVA_HOME/bin/java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$WORK/hello" Hello)" >&2

mkdir -p "$OUT_DIR"
report="$OUT_DIR/client-$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "# A one-host command through the daemon, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "- command: \`bench/client.sh --runs $RUNS\`; commit $(cd "$root" && git rev-parse --short HEAD)"
  echo "- machine: $(nproc) cores, load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- $(ssh -V 2>&1); $("$JAVA_HOME/bin/java" -version 2>&1 | head -1); $(hyperfine --version)"
  echo
  sed "s|$WORK|\$W|g" "$WORK/client.md"
  echo
  jq -r '.results | map({(.command): .median}) | add
    | "medians: ssh-cm \(.["ssh-cm"]*1000|floor) ms, muster-bash \(.["muster-bash"]*1000|floor) ms, muster-jvm \(.["muster-jvm"]*1000|floor) ms, jvm-hello \(.["jvm-hello"]*1000|floor) ms",
      "ratios: muster-bash / ssh-cm = \((.["muster-bash"] / .["ssh-cm"]) * 100 | floor / 100) (target <= 2), muster-jvm / ssh-cm = \((.["muster-jvm"] / .["ssh-cm"]) * 100 | floor / 100)"' \
    "$WORK/client.json"
} | tee "$report"
log "report written to $report"
