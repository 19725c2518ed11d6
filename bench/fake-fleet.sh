#!/usr/bin/env bash
# muster against N in-process fake SSH hosts (default 2,000) served by a separate JVM:
# every host must be accounted for, and the muster process's peak RSS stays under 512 MiB.
# The command runs in its own process (MUSTER_PERSIST=0), with the launcher's own JVM options; the
# launcher's start-up cache is trained before the first measured run (MUSTER_CACHE picks its
# directory), so no training runs beside a measurement.
# --nmt: a diagnosis run, not a measurement: the JVM also tracks its native memory
# (-XX:NativeMemoryTracking=summary, a few % slower) and the report adds, for the moment the process
# was largest, `jcmd VM.native_memory summary` (heap, metaspace, code, threads, GC, NIO, malloc) and
# the largest heap classes.
# Usage: bench/fake-fleet.sh [--hosts N] [--forks F] [--runs R] [--nmt]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
hosts=2000 forks=500 runs=3 nmt=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --hosts) hosts=$2; shift 2 ;;
    --forks) forks=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --nmt) nmt=1; shift ;;
    *) echo "usage: $0 [--hosts N] [--forks F] [--runs R] [--nmt]" >&2; exit 2 ;;
  esac
done
[[ -n "${JAVA_HOME:-}" ]] || { [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]] && export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; }
jar=$here/muster-cli/target/muster.jar
[[ -f "$jar" ]] || (cd "$here" && ./mvnw -q -DskipTests package)
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null
export MUSTER_PERSIST=0   # the process's own RSS is measured: no persist daemon
# train the launcher's start-up cache now (--help starts a training; --version never does)
timeout 120 "$here/muster" --help >/dev/null 2>&1 || true
mcache="${MUSTER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/muster}"
for _ in $(seq 1 300); do [[ -d "$mcache/training.lock" ]] || break; sleep 1; done

work=$(mktemp -d /tmp/muster-fake-bench.XXXXXX)
mkfifo "$work/stdin"
"$JAVA_HOME/bin/java" -cp "$jar" dev.muster.testkit.FleetLauncher fake "$hosts" --dir "$work/fleet" \
  --kex curve25519-sha256 < "$work/stdin" > "$work/fleet.log" 2>&1 &
fleet_pid=$!
exec 3> "$work/stdin"   # the fleet runs until this closes
cleanup() { exec 3>&-; wait "$fleet_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for _ in $(seq 1 600); do grep -q '^ready:' "$work/fleet.log" && break; sleep 0.2; done
grep -q '^ready:' "$work/fleet.log" || { cat "$work/fleet.log"; exit 1; }

# java_below PID: the first java process under PID (time -> timeout -> the launcher, exec'd to java)
java_below() {
  local p=$1 c
  for _ in 1 2 3 4; do
    [[ "$(cat "/proc/$p/comm" 2>/dev/null)" == java ]] && { echo "$p"; return 0; }
    c=$(ps -o pid= --ppid "$p" 2>/dev/null | head -1 | tr -d ' ')
    [[ -n "$c" ]] || return 1
    p=$c
  done
  return 1
}

echo "# muster on $hosts in-process fake hosts (separate JVM), fan-out $forks, $(date -u +%FT%TZ), commit $(cd "$here" && git rev-parse --short HEAD)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -r), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
[[ -z "$nmt" ]] || echo "DIAGNOSIS RUN (--nmt): native memory tracking on"
echo
echo "| run | wall (s) | muster CPU user+sys (s) | muster peak RSS (MiB) | threads (max) | hosts in output | ok | exit |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
[[ -z "$nmt" ]] || export MUSTER_JAVA_OPTS="${MUSTER_JAVA_OPTS:-} -XX:NativeMemoryTracking=summary"
for r in $(seq 1 "$runs"); do
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" timeout 600 "$here/muster" run all -f "$forks" --json \
    -i "$work/fleet/inventory.yaml" --known-hosts "$work/fleet/known_hosts" \
    --identity "$work/fleet/client/id_ed25519" --store "$work/store" -- true > "$work/out.json" &
  tpid=$!
  jpid="" maxrss=0 maxthreads=0 snaprss=0
  while kill -0 "$tpid" 2>/dev/null; do
    [[ -n "$jpid" ]] || jpid=$(java_below "$tpid" || true)
    if [[ -n "$jpid" && -r /proc/$jpid/status ]]; then
      read -r rss threads < <(awk '/^VmRSS/ {r=$2} /^Threads/ {t=$2} END {print r+0, t+0}' "/proc/$jpid/status" 2>/dev/null || echo "0 0")
      [[ $threads -le $maxthreads ]] || maxthreads=$threads
      [[ $rss -le $maxrss ]] || maxrss=$rss
      [[ $r -eq 1 && ! -s "$work/cmdline" ]] && tr '\0' ' ' < "/proc/$jpid/cmdline" > "$work/cmdline" 2>/dev/null
      # NMT: a snapshot each time the process has grown by 16 MiB since the last one
      if [[ -n "$nmt" && $rss -gt $((snaprss + 16384)) ]]; then
        if "$JAVA_HOME/bin/jcmd" "$jpid" VM.native_memory summary > "$work/nmt.new" 2>/dev/null; then
          snaprss=$rss; mv "$work/nmt.new" "$work/nmt.txt"
          "$JAVA_HOME/bin/jcmd" "$jpid" GC.class_histogram 2>/dev/null | head -25 > "$work/histo.txt" || true
          echo "$rss" > "$work/nmt.rss"
        fi
      fi
    fi
    sleep 0.5
  done
  rc=0; wait "$tpid" || rc=$?
  # the last line: time(1) puts "Command exited with non-zero status N" before it when the command fails
  read -r wall user sys rss < <(tail -1 "$work/time")
  n=$(grep -c '"host"' "$work/out.json" || true)
  ok=$(grep -c '"status":"ok"' "$work/out.json" || true)
  echo "| $r | $wall | $(echo "$user + $sys" | bc) | $((rss / 1024)) | $maxthreads | $n | $ok | $rc |"
  [[ $rc -eq 0 ]] || grep -o '"status":"[a-z_]*"' "$work/out.json" | sort | uniq -c | sed 's/^/    /' >&2
done
echo
echo "muster's JVM: $(sed -e 's/ -jar .*//' "$work/cmdline" 2>/dev/null)"
if [[ -n "$nmt" && -s "$work/nmt.txt" ]]; then
  echo
  echo "Native memory at RSS $(( $(cat "$work/nmt.rss") / 1024 )) MiB (the last snapshot, taken as the process grew):"
  echo '```'
  grep -E '^Total|^ *-  ' "$work/nmt.txt" | sed 's/^ *-  */- /' 
  echo '```'
  echo "Largest heap classes then (GC.class_histogram, after a full GC):"
  echo '```'
  cat "$work/histo.txt"
  echo '```'
fi
