#!/usr/bin/env bash
# The release archive (issue 25): its size; start-up from the archive against a JVM hello world on
# the archive's own runtime (hyperfine, interleaved); and the first command after a fresh install
# against the tenth, on in-process fake hosts (they should be equal: the start-up cache ships in
# the archive, nothing is trained on the user's machine).
# Usage: bench/install.sh [--archive FILE] [--runs N] [--hosts N]
# Needs: an archive (dist/build.sh), hyperfine, a JDK (javac for the hello world, the fake fleet).
# Numbers: to be measured on an idle machine (see bench/RESULTS.md).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
archive="" runs=10 hosts=20
while [[ $# -gt 0 ]]; do
  case "$1" in
    --archive) archive=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --hosts) hosts=$2; shift 2 ;;
    *) echo "usage: $0 [--archive FILE] [--runs N] [--hosts N]" >&2; exit 2 ;;
  esac
done
[[ -n "${JAVA_HOME:-}" ]] || export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
archive="${archive:-$(ls -t "$here"/dist/target/muster-*-linux-x64.tar.gz 2>/dev/null | head -n1)}"
[[ -f "$archive" ]] || { echo "no archive: run dist/build.sh first" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "needs hyperfine" >&2; exit 2; }

work=$(mktemp -d /tmp/muster-install-bench.XXXXXX)
fleet_pid=""
cleanup() { exec 3>&- 2>/dev/null || true; [[ -n "$fleet_pid" ]] && wait "$fleet_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

echo "# muster release archive, $(date -u +%FT%TZ)"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(uname -r)"
echo "archive: $(basename "$archive")"
echo
echo "## Size"
echo
mkdir -p "$work/unpacked"
tar -xzf "$archive" -C "$work/unpacked"
root=$(ls -d "$work/unpacked"/muster-*)
echo "| part | bytes |"
echo "|---|---:|"
echo "| archive (.tar.gz) | $(stat -c %s "$archive") |"
echo "| unpacked, total | $(du -sb "$root" | cut -f1) |"
for part in runtime lib/muster.jar lib/muster.aot share; do
  echo "| unpacked, $part | $(du -sb "$root/$part" | cut -f1) |"
done
echo "| runtime modules | $(sed -n 's/^MODULES="\(.*\)"/\1/p' "$root/runtime/release" | wc -w) |"

echo
echo "## Start-up from the archive against a JVM hello world on the same runtime (hyperfine)"
echo
mkdir -p "$work/hello" "$work/home"
cat > "$work/hello/Hello.java" <<'JAVA'
public class Hello { public static void main(String[] a) { System.out.println("hello"); } }
JAVA
"$JAVA_HOME/bin/javac" --release 21 -d "$work/hello" "$work/hello/Hello.java"
inv="$work/inventory.yaml"
{ echo "hosts:"; for i in $(seq 1 1000); do echo "  node$i: {address: 127.0.0.1}"; done; } > "$inv"
rt="$root/runtime/bin/java"
HOME="$work/home" hyperfine -N -w 3 -r "$runs" --export-markdown "$work/startup.md" \
  -n "JVM hello world (C1, SerialGC, CDS)" "$rt -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp $work/hello Hello" \
  -n "muster --version" "$root/bin/muster --version" \
  -n "muster --help" "$root/bin/muster --help" \
  -n "muster hosts all (1000 hosts)" "$root/bin/muster hosts all -i $inv" >/dev/null
cat "$work/startup.md"

echo
echo "## The first command after a fresh install against the tenth ($hosts fake hosts, \`run all -- true\`)"
echo
mkfifo "$work/stdin"
"$JAVA_HOME/bin/java" -cp "$root/lib/muster.jar" dev.muster.testkit.FleetLauncher fake "$hosts" --dir "$work/fleet" \
  --kex curve25519-sha256 < "$work/stdin" > "$work/fleet.log" 2>&1 &
fleet_pid=$!
exec 3> "$work/stdin"
for _ in $(seq 1 600); do grep -q '^ready:' "$work/fleet.log" && break; sleep 0.2; done
grep -q '^ready:' "$work/fleet.log" || { cat "$work/fleet.log"; exit 1; }
echo "| install | command 1 (s) | command 2 (s) | command 3 (s) | command 10 (s) |"
echo "|---|---:|---:|---:|---:|"
for install in 1 2 3; do
  # a fresh unpack and an empty HOME each time: what a new user has
  rm -rf "$work/inst" "$work/userhome"; mkdir -p "$work/inst" "$work/userhome"
  tar -xzf "$archive" -C "$work/inst"
  m=$(ls -d "$work/inst"/muster-*)/bin/muster
  times=()
  for n in $(seq 1 10); do
    s=$(date +%s.%N)
    env -u JAVA_HOME HOME="$work/userhome" "$m" run all --json -i "$work/fleet/inventory.yaml" \
      --known-hosts "$work/fleet/known_hosts" --identity "$work/fleet/client/id_ed25519" \
      --store "$work/userhome/store" -- true > "$work/out.json"
    times+=("$(echo "$(date +%s.%N) - $s" | bc)")
  done
  printf '| %s | %.3f | %.3f | %.3f | %.3f |\n' "$install" "${times[0]}" "${times[1]}" "${times[2]}" "${times[9]}"
done
echo
echo "(bench/install.sh --runs $runs --hosts $hosts)"
