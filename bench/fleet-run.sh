#!/usr/bin/env bash
# Benchmarks muster against parallel-ssh, clush, ansible and a plain `ssh &` loop on the SAME
# real OpenSSH fleet (sshd processes on 127.0.x.y loopback addresses), in one run.
# See bench/README.md. Usage: sudo bench/fleet-run.sh [--hosts N] [--runs R] [options]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

HOSTS=200           # big fleet: cases b, c, d
SMALL=50            # small fleet: case a
RUNS=5
WARMUP=1
CASES="a,b,c,d,e"
TOOLS="muster,pssh,clush,ansible,ssh"
KEX="curve25519-sha256"
STARTUP_HOSTS=1000
RUN_TIMEOUT=180     # seconds, per measured command
BUILD=1
OUT_DIR="$here/out"

usage() {
  cat <<EOF
usage: sudo bench/fleet-run.sh [--hosts N] [--small N] [--runs R] [--warmup W]
                               [--cases a,b,c,d,e] [--tools muster,pssh,clush,ansible,ssh]
                               [--timeout SECONDS] [--no-build] [--out DIR]
  --hosts N     hosts in the big fleet (cases b, c, d; default $HOSTS)
  --small N     hosts in the small fleet (case a; default $SMALL)
  --runs R      measured repetitions per tool and case, medians reported (default $RUNS)
  --warmup W    unrecorded rounds before the measured ones (default $WARMUP)
  --cases LIST  a: true/small  b: uname -r/big  c: default MaxStartups  d: warm  e: CLI start-up
  --tools LIST  which clients to run (default $TOOLS)
EOF
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --hosts) HOSTS=$2; shift 2 ;;
    --small) SMALL=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --cases) CASES=$2; shift 2 ;;
    --tools) TOOLS=$2; shift 2 ;;
    --timeout) RUN_TIMEOUT=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --out) OUT_DIR=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "fleet-run: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
for n in "$HOSTS" "$SMALL" "$RUNS" "$WARMUP" "$RUN_TIMEOUT"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "fleet-run: not a number: $n" >&2; exit 2; }
done
[[ $RUNS -ge 1 && $HOSTS -ge 1 && $SMALL -ge 1 ]] || { echo "fleet-run: --runs, --hosts and --small must be >= 1" >&2; exit 2; }

has_case() { [[ ",$CASES," == *",$1,"* ]]; }
has_tool() { local t=${1%-warm}; [[ ",$TOOLS," == *",${t%-daemon},"* ]]; }
log() { echo "[fleet-run $(date -u +%H:%M:%S)] $*" >&2; }

if [[ $(id -u) -ne 0 ]]; then
  echo "fleet-run: run as root (sudo): test sshd processes run as root in private mount namespaces" >&2
  exit 2
fi

# ---------------------------------------------------------------- tools
need=()
command -v parallel-ssh >/dev/null || need+=(pssh)
command -v clush >/dev/null || need+=(clustershell)
command -v ansible >/dev/null || need+=(ansible)
command -v hyperfine >/dev/null || need+=(hyperfine)
[[ -x /usr/bin/time ]] || need+=(time)
command -v jq >/dev/null || need+=(jq)
[[ -x /usr/sbin/sshd ]] || need+=(openssh-server)
command -v ssh >/dev/null || need+=(openssh-client)
command -v unshare >/dev/null || need+=(util-linux)
if [[ ${#need[@]} -gt 0 ]]; then
  log "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  timeout 600 apt-get update -qq
  timeout 900 apt-get install -y -qq "${need[@]}" >/dev/null
fi
PY=/usr/bin/python3
[[ -x $PY ]] || PY=$(command -v python3)

if [[ -z "${JAVA_HOME:-}" && -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

# ---------------------------------------------------------------- build
cpfile="$root/muster-testkit/target/bench-classpath.txt"
fleet_class="$root/muster-testkit/target/classes/dev/muster/testkit/bench/FleetMain.class"
stale() {
  [[ ! -f "$cpfile" || ! -f "$fleet_class" ]] && return 0
  [[ -n "$(find "$root"/muster-*/src/main "$root"/muster-*/pom.xml "$root/pom.xml" -newer "$cpfile" -print -quit 2>/dev/null)" ]]
}
if [[ $BUILD -eq 1 ]] && stale; then
  log "building (mvnw package + dependency:build-classpath)"
  mvn_args=(-q -DskipTests package org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath
            -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=runtime)
  (cd "$root" && { timeout 900 ./mvnw -o "${mvn_args[@]}" || timeout 900 ./mvnw "${mvn_args[@]}"; }) >&2
fi
[[ -f "$cpfile" && -f "$fleet_class" ]] || { echo "fleet-run: FleetMain not built; run without --no-build" >&2; exit 3; }
FLEET_CP="$root/muster-testkit/target/classes:$(cat "$cpfile")"

MUSTER="$root/muster"
export MUSTER_PERSIST=0   # the cold path: each command in its own process (the daemon is on by default)
MUSTER_NOTE=""
MUSTER_WARM_NOTE=""
if [[ ! -x "$MUSTER" ]]; then
  MUSTER_NOTE="not measured: needs the muster launcher at the repo root (merge main)"
elif [[ ! -f "$root/muster-cli/target/muster.jar" ]]; then
  MUSTER_NOTE="not measured: needs muster-cli/target/muster.jar (build muster-cli)"
elif ! timeout 60 "$MUSTER" run --help >/dev/null 2>&1; then
  MUSTER_NOTE="not measured: needs the \`muster run\` command (not on main yet)"
elif ! timeout 60 "$MUSTER" console --help >/dev/null 2>&1; then
  MUSTER_WARM_NOTE="not measured: needs a muster mode that runs two commands in one process over pooled sessions (\`muster console\`)"
fi
[[ -n "$MUSTER_NOTE" ]] && log "muster: $MUSTER_NOTE"
MUSTER_AOT="-"
if [[ -z "$MUSTER_NOTE" ]]; then
  # The launcher builds its JDK AOT cache in the background after the jar changes; let that
  # training run finish first, or it competes with the measured runs for the 2 cores.
  mcache="${MUSTER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/muster}"
  timeout 60 "$MUSTER" --help >/dev/null 2>&1 || true   # --help trains the start-up cache; --version does not
  for _ in $(seq 1 300); do [[ -d "$mcache/training.lock" ]] || break; sleep 1; done
  [[ -d "$mcache/training.lock" ]] && log "muster: AOT cache training still running after 300 s"
  MUSTER_AOT=$(ls "$mcache"/muster-*.aot 2>/dev/null | head -1 || true)
  log "muster: launcher AOT cache ${MUSTER_AOT:-absent}"
fi

# ---------------------------------------------------------------- work area and cleanup
WORK=$(mktemp -d /tmp/muster-bench.XXXXXX)
RESULTS="$WORK/results.tsv"   # case tool rep wall cpu rss_kb ok total rc sshd_cpu
META="$WORK/meta.tsv"         # kind case tool text
: > "$RESULTS"; : > "$META"
FLEET_PIDS=()
FLEET_FDS=()
CM_CONFIGS=()

stop_masters() {
  local cfg
  for cfg in "${CM_CONFIGS[@]:-}"; do
    [[ -n "$cfg" && -f "$cfg" ]] || continue
    while read -r h; do
      timeout 5 ssh -F "$cfg" -O exit "$h" >/dev/null 2>&1 || true
    done < "$(dirname "$cfg")/names.txt"
  done
  CM_CONFIGS=()
}

stop_fleets() {
  local i
  for i in "${!FLEET_PIDS[@]}"; do
    eval "exec ${FLEET_FDS[$i]}>&-" 2>/dev/null || true   # end of stdin: FleetMain stops its sshd
    local pid=${FLEET_PIDS[$i]}
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; sleep 2; fi
    wait "$pid" 2>/dev/null || true
  done
  FLEET_PIDS=(); FLEET_FDS=()
}

cleanup() {
  set +e
  [[ -d "$WORK/persist" ]] && env MUSTER_PERSIST=10m XDG_RUNTIME_DIR="$WORK/persist" timeout 30 "$MUSTER" persist stop >/dev/null 2>&1
  stop_masters
  stop_fleets
  [[ -n "${KEEP_WORK:-}" ]] || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_fleet DIR HOSTS MAXSTARTUPS BASE: starts FleetMain with stdin from a FIFO we hold open.
start_fleet() {
  local dir=$1 n=$2 ms=$3 base=$4 fd
  mkdir -p "$dir"
  mkfifo "$dir.stdin"
  "$JAVA" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$FLEET_CP" dev.muster.testkit.bench.FleetMain --dir "$dir" --hosts "$n" --kex "$KEX" \
    --max-startups "$ms" --base "$base" < "$dir.stdin" > "$dir.log" 2>&1 &
  FLEET_PIDS+=($!)
  exec {fd}> "$dir.stdin"
  FLEET_FDS+=("$fd")
  local t=0
  until grep -q '^READY' "$dir.log" 2>/dev/null; do
    if ! kill -0 "${FLEET_PIDS[-1]}" 2>/dev/null || [[ $t -ge 1200 ]]; then
      echo "fleet-run: fleet in $dir did not start:" >&2; tail -20 "$dir.log" >&2; exit 4
    fi
    sleep 0.1; t=$((t + 1))
  done
  log "$(grep '^fleet:' "$dir.log")"
}

# Seconds of CPU used so far by a fleet's sshd listeners and all their descendants.
sshd_cpu() { "$PY" "$here/lib/sshd_cpu.py" "$1/sshd.pids"; }

# ---------------------------------------------------------------- per-tool commands
# tool_cmd TOOL DIR FANOUT SSHCFG CMD...: prints nothing, fills the global array CMD_
tool_cmd() {
  local tool=$1 dir=$2 f=$3 cfg=$4
  shift 4
  STDIN_=/dev/null
  case "$tool" in
    muster) CMD_=("$MUSTER" run all -i "$dir/inventory.yaml" --known-hosts "$dir/known_hosts"
                  --identity "$dir/id_ed25519" -f "$f" --store "$WORK/muster-store" --json -- "$@") ;;
    muster-warm)   # two commands in one process over pooled sessions; the 2nd is the warm one
                  CMD_=("$MUSTER" console all -i "$dir/inventory.yaml" --known-hosts "$dir/known_hosts"
                  --identity "$dir/id_ed25519" -f "$f" --store "$WORK/muster-store" --json)
                  printf '%s\n' "$*" "$*" > "$WORK/console-input.txt"
                  STDIN_="$WORK/console-input.txt" ;;
    muster-daemon)   # a later command of a session: the persist daemon (on by default) keeps the sessions
                  CMD_=(env MUSTER_PERSIST=10m XDG_RUNTIME_DIR="$WORK/persist" "$MUSTER" run all -i "$dir/inventory.yaml"
                  --known-hosts "$dir/known_hosts" --identity "$dir/id_ed25519" -f "$f" --store "$WORK/muster-store"
                  --json -- "$@") ;;
    pssh) CMD_=(parallel-ssh -i -p "$f" -t 120 -h "$dir/hosts.txt" -x "-F $cfg" "$@") ;;
    clush) CMD_=(clush -f "$f" -w "$(nodeset -f < "$dir/names.txt")" -o "-F $cfg" "$@") ;;
    ansible) CMD_=(env ANSIBLE_CONFIG="$WORK/ansible.cfg" ANSIBLE_SSH_ARGS="-F $cfg ${ANSIBLE_EXTRA:-}"
                   ansible all -i "$dir/inventory.ini" -m raw -a "$*" -f "$f" -o) ;;
    ssh) CMD_=("$here/lib/ssh-loop.sh" "$cfg" "$dir/names.txt" "$@") ;;
  esac
}

# count_ok TOOL STDOUT STDERR RC TOTAL: hosts on which the command succeeded, from the tool's own output
count_ok() {
  local tool=$1 out=$2 err=$3 rc=$4 total=$5
  case "$tool" in
    muster|muster-warm|muster-daemon) "$PY" "$here/lib/muster_ok.py" "$out" "$total" ;;
    pssh) grep -c '\[SUCCESS\]' "$out" || true ;;
    clush)
      # clush names every host whose command (or ssh) did not exit 0 on stderr.
      local bad
      bad=$(grep -oE '^clush: [^:]+: (exited with exit code [0-9]+|command timeout)' "$err" | awk '{print $2}' | sort -u | wc -l)
      if [[ $rc -eq 124 || $rc -eq 137 ]]; then echo 0; else echo $((total - bad)); fi ;;
    ansible) grep -cE '\| (CHANGED|SUCCESS) \|' "$out" || true ;;
    ssh) sed -n 's/^ok=\([0-9]*\) .*/\1/p' "$out" | tail -1 | grep . || echo 0 ;;
  esac
}

# run_once CASE TOOL REP DIR TOTAL RECORD: runs CMD_ once under /usr/bin/time and timeout
run_once() {
  local c=$1 tool=$2 rep=$3 dir=$4 total=$5 record=$6
  local base="$WORK/run-$c-$tool-$rep" rc=0 before after
  before=$(sshd_cpu "$dir")
  /usr/bin/time -f '%e %U %S %M' -o "$base.time" timeout -k 5 "$RUN_TIMEOUT" "${CMD_[@]}" \
    > "$base.out" 2> "$base.err" < "$STDIN_" || rc=$?
  sleep 0.3   # let sshd reap its per-connection children before reading their CPU
  after=$(sshd_cpu "$dir")
  local ok wall user sys rss
  ok=$(count_ok "$tool" "$base.out" "$base.err" "$rc" "$total")
  read -r wall user sys rss < <(grep -E '^[0-9.]+ [0-9.]+ [0-9.]+ [0-9]+$' "$base.time" | tail -1)
  local proc_wall=-
  if [[ $tool == muster-warm ]]; then
    # Wall of the warm (second) command: its own summary's duration; the process wall covers both.
    proc_wall=$wall
    local durations
    durations=$(jq -r 'select(.summary != null) | .summary.duration_ms' "$base.out" 2>/dev/null || true)
    if [[ $(grep -c . <<< "$durations") -ge 2 ]]; then
      wall=$(echo "scale=3; $(tail -1 <<< "$durations") / 1000" | bc)
    else
      wall=""; ok=0
    fi
  fi
  if [[ $record -eq 1 ]]; then
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$c" "$tool" "$rep" "$wall" \
      "$(echo "$user + $sys" | bc)" "$rss" "$ok" "$total" "$rc" \
      "$(echo "$after - $before" | bc)" "$proc_wall" >> "$RESULTS"
  fi
  local label="run"; [[ $record -eq 1 ]] || label="warm-up run"
  local extra=""; [[ $proc_wall == - ]] || extra=" (whole process ${proc_wall}s)"
  log "case $c $tool $label $rep: ${wall}s rc=$rc ok=$ok/$total$extra"
  if [[ $ok -lt $total && $rep -eq 1 ]]; then
    log "  first failure lines:"
    cat "$base.err" "$base.out" | grep -iE 'fail|error|refused|reset|closed|timeout|unreachable' | head -3 | cut -c1-200 | sed 's/^/    /' >&2 || true
  fi
}

# bench_case CASE TITLE DIR TOTAL FANOUT SSHCFG TOOLS CMD...: warm-up, then RUNS interleaved rounds
bench_case() {
  local c=$1 title=$2 dir=$3 total=$4 f=$5 cfg=$6 tools=$7
  shift 7
  printf 'title\t%s\t-\t%s\n' "$c" "$title" >> "$META"
  printf 'note\t%s\t-\t%s\n' "$c" "Load average when the case started: $(cut -d' ' -f1-3 /proc/loadavg) (other work on this machine competes for the same cores)." >> "$META"
  local tool active=()
  for tool in ${tools//,/ }; do
    has_tool "$tool" || continue
    if [[ $tool == muster-warm && -n "$MUSTER_WARM_NOTE" && -z "$MUSTER_NOTE" ]]; then
      printf 'skip\t%s\t%s\t%s\n' "$c" "$tool" "$MUSTER_WARM_NOTE" >> "$META"; continue
    fi
    if [[ $tool == muster* && -n "$MUSTER_NOTE" ]]; then
      printf 'skip\t%s\t%s\t%s\n' "$c" "$tool" "$MUSTER_NOTE" >> "$META"; continue
    fi
    tool_cmd "$tool" "$dir" "$f" "$cfg" "$@"
    local shown
    shown="$(printf '%q ' "${CMD_[@]}")"
    [[ $STDIN_ == /dev/null ]] || shown+="< $STDIN_  # stdin: $(paste -sd';' "$STDIN_")"
    printf 'cmd\t%s\t%s\t%s\n' "$c" "$tool" "${shown//$WORK/\$W}" >> "$META"
    active+=("$tool")
  done
  local rep
  for rep in $(seq 1 "$WARMUP"); do
    for tool in "${active[@]}"; do tool_cmd "$tool" "$dir" "$f" "$cfg" "$@"; run_once "$c" "$tool" "$rep" "$dir" "$total" 0; done
  done
  for rep in $(seq 1 "$RUNS"); do
    for tool in "${active[@]}"; do tool_cmd "$tool" "$dir" "$f" "$cfg" "$@"; run_once "$c" "$tool" "$rep" "$dir" "$total" 1; done
  done
}

cat > "$WORK/ansible.cfg" <<EOF
[defaults]
host_key_checking = True
interpreter_python = auto_silent
deprecation_warnings = False
local_tmp = $WORK/ansible-tmp
nocolor = True
[ssh_connection]
pipelining = True
EOF

# ---------------------------------------------------------------- cases
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
commit=$(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
[[ -z "$(cd "$root" && git status --porcelain --untracked-files=no -- 'muster-*' pom.xml muster 2>/dev/null)" ]] || commit+=" (plus uncommitted changes)"
SMALL_DIR="$WORK/small"; BIG_DIR="$WORK/big"; DFLT_DIR="$WORK/default"

if has_case a; then
  start_fleet "$SMALL_DIR" "$SMALL" 1000:30:2000 127.0.60.1
  bench_case a "(a) \`true\` on $SMALL hosts, fan-out $SMALL, MaxStartups raised to 1000:30:2000" \
    "$SMALL_DIR" "$SMALL" "$SMALL" "$SMALL_DIR/ssh_config" "muster,pssh,clush,ansible,ssh" true
  stop_fleets
fi

if has_case b || has_case d; then
  start_fleet "$BIG_DIR" "$HOSTS" 1000:30:2000 127.0.70.1
  if has_case b; then
    bench_case b "(b) \`uname -r\` on $HOSTS hosts, fan-out $HOSTS, MaxStartups raised to 1000:30:2000" \
      "$BIG_DIR" "$HOSTS" "$HOSTS" "$BIG_DIR/ssh_config" "muster,pssh,clush,ansible,ssh" uname -r
  fi
  if has_case d; then
    # OpenSSH baseline: a ControlMaster per host, opened before timing; every client then
    # runs `true` over those masters (ssh_config_cm adds ControlPath, ControlMaster no).
    cm="$WORK/cm"; mkdir -p "$cm"
    { cat "$BIG_DIR/ssh_config"; printf 'Host *\n  ControlMaster no\n  ControlPath %s/%%C\n' "$cm"; } > "$BIG_DIR/ssh_config_cm"
    CM_CONFIGS+=("$BIG_DIR/ssh_config_cm")
    log "opening $HOSTS ControlMasters (not timed)"
    timeout 300 xargs -P 20 -I{} ssh -F "$BIG_DIR/ssh_config" -o ControlMaster=yes -o ControlPath="$cm/%C" \
      -o ControlPersist=20m -fN {} < "$BIG_DIR/names.txt" || true
    masters=0
    while read -r h; do
      timeout 5 ssh -F "$BIG_DIR/ssh_config_cm" -O check "$h" >/dev/null 2>&1 && masters=$((masters + 1))
    done < "$BIG_DIR/names.txt"
    log "$masters/$HOSTS ControlMasters up"
    printf 'note\td\t-\t%s\n' "muster: \`muster console all --json\` reads the command twice from stdin and runs both in one process over its session pool; the wall column is the second (warm) command's own duration from its --json summary; client CPU, peak RSS and sshd CPU cover the whole process (JVM start, the cold first command and the warm second one), so no CPU ratio is given for it." >> "$META"
    printf 'note\td\t-\t%s\n' "muster-daemon: \`muster run all --json -- true\` through the persist daemon (on by default; the launcher's bash client hands the command over): the warm-up round starts the daemon and opens its sessions, every measured run is a later command of that session; the wall is the whole command's, the CPU column the client's only (the work is the daemon's), sshd CPU the server side." >> "$META"
    mkdir -p "$WORK/persist" && chmod 700 "$WORK/persist"
    printf 'note\td\t-\t%s\n' "OpenSSH ControlMasters opened before timing: $masters/$HOSTS up; pssh, clush, ansible and the ssh loop all run over them (-F ssh_config_cm: ControlPath, ControlMaster no). CPU of the already-running masters is not in the client CPU column; it is in sshd CPU only for the server side." >> "$META"
    ANSIBLE_EXTRA="" bench_case d "(d) warm: \`true\` on $HOSTS hosts over already open connections, fan-out $HOSTS" \
      "$BIG_DIR" "$HOSTS" "$HOSTS" "$BIG_DIR/ssh_config_cm" "muster-warm,muster-daemon,pssh,clush,ansible,ssh" true
    stop_masters
  fi
  stop_fleets
fi

if has_case c; then
  start_fleet "$DFLT_DIR" "$HOSTS" default 127.0.80.1
  bench_case c "(c) \`uname -r\` on $HOSTS hosts, fan-out $HOSTS, sshd's DEFAULT MaxStartups 10:30:100 (16 hosts per sshd)" \
    "$DFLT_DIR" "$HOSTS" "$HOSTS" "$DFLT_DIR/ssh_config" "muster,pssh,clush,ansible,ssh" uname -r
  stop_fleets
fi

if has_case e; then
  printf 'title\te\t-\t%s\n' "(e) CLI start-up: list the hosts of a generated $STARTUP_HOSTS-host inventory (no network), hyperfine" >> "$META"
  inv="$WORK/startup"; mkdir -p "$inv"
  "$PY" - "$inv" "$STARTUP_HOSTS" <<'EOF'
import sys
d, n = sys.argv[1], int(sys.argv[2])
w = len(str(n))
with open(f"{d}/inventory.yaml", "w") as y, open(f"{d}/inventory.ini", "w") as i, open(f"{d}/names.txt", "w") as t:
    y.write("hosts:\n"); i.write("[fleet]\n")
    for k in range(1, n + 1):
        name = f"host{k:0{w}d}"; addr = f"127.0.{100 + (k - 1) // 250}.{(k - 1) % 250 + 1}"
        y.write(f"  {name}: {{address: {addr}, port: 22, user: root}}\n")
        i.write(f"{name} ansible_host={addr} ansible_port=22 ansible_user=root\n")
        t.write(name + "\n")
EOF
  sruns=$(( RUNS < 10 ? 10 : RUNS ))
  declare -A startup_cmd=()
  [[ -z "$MUSTER_NOTE" ]] && has_tool muster && startup_cmd[muster]="$MUSTER hosts all -i $inv/inventory.yaml"
  has_tool ansible && startup_cmd[ansible]="env ANSIBLE_CONFIG=$WORK/ansible.cfg ansible all -i $inv/inventory.ini --list-hosts"
  has_tool clush && startup_cmd[nodeset]="sh -c 'nodeset -f < $inv/names.txt'"
  has_tool pssh && startup_cmd[pssh]="parallel-ssh --version"
  [[ -n "$MUSTER_NOTE" ]] && has_tool muster && printf 'skip\te\tmuster\t%s\n' "$MUSTER_NOTE" >> "$META"
  for tool in muster ansible nodeset pssh; do
    [[ -n "${startup_cmd[$tool]:-}" ]] || continue
    printf 'cmd\te\t%s\t%s\n' "$tool" "${startup_cmd[$tool]//$WORK/\$W}" >> "$META"
    log "case e $tool: hyperfine"
    timeout 600 hyperfine -N --warmup 3 --runs "$sruns" --export-json "$WORK/startup-$tool.json" \
      "${startup_cmd[$tool]}" > /dev/null 2> "$WORK/startup-$tool.err" || log "hyperfine $tool failed: $(tail -2 "$WORK/startup-$tool.err")"
    for rep in 1 2 3; do   # peak RSS and CPU from /usr/bin/time (hyperfine reports neither RSS nor medians of CPU)
      eval "/usr/bin/time -f '%e %U %S %M' -o '$WORK/startup-$tool.time' timeout 120 ${startup_cmd[$tool]}" > /dev/null 2>&1 || true
      read -r wall user sys rss < <(tail -1 "$WORK/startup-$tool.time")
      printf 'e\t%s\t%s\t%s\t%s\t%s\t-\t-\t0\t-\n' "$tool" "$rep" "$wall" "$(echo "$user + $sys" | bc)" "$rss" >> "$RESULTS"
    done
  done
fi

# ---------------------------------------------------------------- report
mkdir -p "$OUT_DIR"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
report="$OUT_DIR/$stamp.md"
{
  echo "# muster fleet benchmark, $started"
  echo
  echo "- command: \`bench/fleet-run.sh --hosts $HOSTS --small $SMALL --runs $RUNS --warmup $WARMUP --cases $CASES --tools $TOOLS\`"
  echo "- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')), $(free -g | awk '/^Mem:/{print $2 " GiB RAM"}'), kernel $(uname -r), $(. /etc/os-release && echo "$PRETTY_NAME")"
  echo "- load average at start of report: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- JDK: $("$JAVA" -version 2>&1 | head -1); OpenSSH: $(ssh -V 2>&1); $(parallel-ssh --version 2>&1 | head -1 | sed 's/^/pssh /'); clush $(clush --version 2>&1 | awk '{print $2}'); $(ansible --version 2>/dev/null | head -1); $(hyperfine --version)"
  echo "- muster: $(if [[ -z "$MUSTER_NOTE" ]]; then echo "built from commit $commit, launcher \`$MUSTER\`, AOT cache: ${MUSTER_AOT:-none}"; else echo "$MUSTER_NOTE"; fi)"
  echo "- **KEX forced on the server side to \`$KEX\`** (sshd KexAlgorithms) for every tool; ed25519 host and client keys; strict host key checking against the fleet's known_hosts."
  echo "- fleet: real OpenSSH sshd processes on loopback 127.0.x.y (16 hosts per sshd process, one mount namespace per sshd), UsePAM no, UseDNS no."
  echo
  "$PY" "$here/lib/report.py" "$RESULTS" "$META" "$WORK"
} | tee "$report"
log "report written to $report"
