# Shared by the benchmark scripts that need the muster launcher and a real OpenSSH fleet
# (push.sh, deploy.sh, grep.sh, metrics.sh, top.sh). Source it after setting: root, BUILD (1 to build), log() and an EXIT trap
# that calls fleet_cleanup. Sets JAVA, FLEET_CP, MUSTER, WORK; fleet_start sets DIR, CFG, FLEET_PID.

# bench_install PKG...: apt-get install what is missing (pass only the missing packages)
bench_install() {
  [[ $# -gt 0 ]] || return 0
  log "installing $*"
  DEBIAN_FRONTEND=noninteractive timeout 600 apt-get update -qq
  DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -qq "$@" >/dev/null
}

# bench_prepare NAME: JDK, build (unless BUILD=0), the launcher's AOT cache, a work directory
bench_prepare() {
  if [[ -z "${JAVA_HOME:-}" && -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
    export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
  fi
  JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
  local cpfile="$root/muster-testkit/target/bench-classpath.txt"
  if [[ $BUILD -eq 1 ]]; then
    log "building"
    local args=(-q -DskipTests package org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath
                -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=runtime)
    (cd "$root" && { timeout 900 ./mvnw -o "${args[@]}" || timeout 900 ./mvnw "${args[@]}"; }) >&2
  fi
  [[ -f "$cpfile" && -f "$root/muster-cli/target/muster.jar" ]] \
    || { echo "$1.sh: not built; run without --no-build" >&2; exit 3; }
  FLEET_CP="$root/muster-testkit/target/classes:$(cat "$cpfile")"
  MUSTER="$root/muster"
  # "muster" in these benchmarks is the cold path: each command in its own process (the persist
  # daemon is on by default since issue 16); tools that measure the daemon set MUSTER_PERSIST per command
  export MUSTER_PERSIST=0
  # let the launcher train its start-up cache first (--version starts no training; --help does)
  timeout 120 "$MUSTER" --help >/dev/null 2>&1 || true
  local mcache="${MUSTER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/muster}"
  for _ in $(seq 1 300); do [[ -d "$mcache/training.lock" ]] || break; sleep 1; done
  WORK=$(mktemp -d "/tmp/muster-$1-bench.XXXXXX")
  FLEET_PID=""
}

# fleet_start HOSTS BASE_ADDRESS [FleetMain options, e.g. --per-host-dirs]: a real fleet, up and READY
fleet_start() {
  local hosts=$1 base=$2
  shift 2
  DIR="$WORK/fleet"; mkdir -p "$DIR"; mkfifo "$DIR.stdin"
  "$JAVA" -XX:+UseSerialGC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$FLEET_CP" \
    dev.muster.testkit.bench.FleetMain --dir "$DIR" --hosts "$hosts" --kex "${KEX:-curve25519-sha256}" \
    --max-startups 1000:30:2000 --base "$base" "$@" < "$DIR.stdin" > "$DIR.log" 2>&1 &
  FLEET_PID=$!
  exec {FLEET_FD}> "$DIR.stdin"
  for _ in $(seq 1 1200); do grep -q '^READY' "$DIR.log" 2>/dev/null && break; kill -0 $FLEET_PID || { tail "$DIR.log"; exit 4; }; sleep 0.1; done
  grep -q '^READY' "$DIR.log" || { echo "fleet did not start" >&2; tail "$DIR.log" >&2; exit 4; }
  CFG="$DIR/ssh_config"
}

# fleet_cleanup: stop the fleet (end of its stdin, then TERM), remove WORK unless KEEP_WORK is set
fleet_cleanup() {
  set +e
  [[ -n "${FLEET_FD:-}" ]] && eval "exec ${FLEET_FD}>&-"
  if [[ -n "${FLEET_PID:-}" ]]; then
    for _ in $(seq 1 150); do kill -0 "$FLEET_PID" 2>/dev/null || break; sleep 0.1; done
    kill "$FLEET_PID" 2>/dev/null; wait "$FLEET_PID" 2>/dev/null
  fi
  [[ -n "${KEEP_WORK:-}" || -z "${WORK:-}" ]] || rm -rf "$WORK"
}
