#!/usr/bin/env bash
# `muster push --compress` on a slow link: muster push with and without --compress against rsync -a
# with and without -z (and prsync, optional), on the SAME real OpenSSH fleet on loopback, every host
# behind a bandwidth-limited link. Two trees, each pushed from scratch in every round:
#   text    ~24 MiB of logs, JSON lines, configs, CSV and source-like text (compresses well)
#   binary  12 MiB of random bytes (media, archives: does not compress)
# Wall time and the bytes that crossed the links (both directions, counted by the shaping qdisc) per
# tool, medians over --runs rounds; tools interleaved within each round.
#
# The link: the whole benchmark runs in a private network namespace (unshare --net) with its own
# loopback, so the host's `lo` and every other test's loopback traffic are never touched. There, an
# HTB qdisc on lo with one class per host and direction, and u32 filters matching ONLY each
# benchmark host's address and sshd port (dst ADDR:PORT uplink, src ADDR:PORT downlink), shapes
# them to --rate each (default 20mbit: a branch office's or a WAN link); anything else on that
# loopback is unclassified and goes through HTB's direct queue unshaped. The qdisc is removed on
# every exit path (and the namespace goes with the script). This kernel has no netem: no delay is
# added, the link is bandwidth-limited only.
# Usage: sudo bench/compress.sh [--hosts 4] [--runs 3] [--rate 20mbit] [--link per-host|shared]
#          [--tools muster,muster-z,rsync,rsync-z,prsync,prsync-z] [--trees text,binary] [--no-build]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
HOSTS=4
RUNS=3
RATE=20mbit
LINK=per-host
TOOLS="muster,muster-z,rsync,rsync-z,prsync,prsync-z"
TREES="text,binary"
KEX="curve25519-sha256"
BUILD=1
TIMEOUT=900
OUT_DIR="$here/out"
BASE=127.0.217.1
ARGS=("$@")

while [[ $# -gt 0 ]]; do
  case "$1" in
    --hosts) HOSTS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --link) LINK=$2; shift 2 ;;
    --tools) TOOLS=$2; shift 2 ;;
    --trees) TREES=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --out) OUT_DIR=$2; shift 2 ;;
    -h|--help) sed -n 2,20p "$0"; exit 0 ;;
    *) echo "compress.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[[ $LINK == per-host || $LINK == shared ]] || { echo "compress.sh: --link per-host or shared" >&2; exit 2; }
[[ $(id -u) -eq 0 ]] || { echo "compress.sh: run as root (a private network namespace, tc, sshd in mount namespaces)" >&2; exit 2; }
log() { echo "[compress $(date -u +%H:%M:%S)] $*" >&2; }
has_tool() { [[ ",$TOOLS," == *",$1,"* ]]; }

. "$here/lib/fleet.sh"
need=()
command -v rsync >/dev/null || need+=(rsync)
command -v parallel-rsync >/dev/null || need+=(pssh)
command -v tc >/dev/null || need+=(iproute2)
[[ -x /usr/bin/time ]] || need+=(time)
bench_install "${need[@]}"

if [[ -z "${COMPRESS_BENCH_NETNS:-}" ]]; then
  # Build and train the start-up cache out here (Maven may need the network), then run the rest in
  # a private network namespace: its loopback is the only one this script ever shapes.
  bench_prepare compress
  rm -rf "$WORK"
  exec unshare --net -- env COMPRESS_BENCH_NETNS=1 bash "$0" ${ARGS[@]+"${ARGS[@]}"} --no-build
fi

ip link set lo up
bench_prepare compress
LINK_UP=""
link_down() {
  # remove the shaping (every exit path: the EXIT trap), then check lo is back to its default
  if [[ -n "$LINK_UP" ]]; then
    tc qdisc del dev lo root 2>/dev/null || true
    LINK_UP=""
    tc qdisc show dev lo | grep -q '^qdisc noqueue' || log "WARNING: lo still has a qdisc: $(tc qdisc show dev lo)"
  fi
}
trap 'link_down; fleet_cleanup' EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- the trees
python3 - "$WORK/text" "$WORK/binary" <<'PY'
import os, random, sys, json
text, binary = sys.argv[1], sys.argv[2]
rnd = random.Random(17)
def write(top, rel, data):
    p = os.path.join(top, rel); os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "wb") as f:
        f.write(data)
paths = ["/", "/index.html", "/api/v2/orders", "/api/v2/orders/{}", "/api/v2/users/{}", "/static/app.{}.js",
         "/static/style.css", "/login", "/health", "/metrics", "/search?q=item{}", "/img/product/{}.jpg"]
agents = ["Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
          "curl/8.5.0", "Prometheus/2.53.0", "kube-probe/1.31", "Go-http-client/1.1"]
status = [200] * 40 + [304] * 5 + [301, 302, 404, 404, 500, 503]
def stamp(sec):
    return "2026-12-%02dT%02d:%02d:%02dZ" % (1 + sec // 86400 % 28, sec // 3600 % 24, sec // 60 % 60, sec % 60)
# access logs, ~12 MiB
for f in range(8):
    lines, sec, size = [], 1_000_000 + f * 86400, 0
    while size < 1536 * 1024:
        sec += rnd.randint(0, 2)
        p = rnd.choice(paths).format(rnd.randint(1, 99999))
        l = '10.%d.%d.%d - - [%s] "%s %s HTTP/1.1" %d %d "-" "%s" %.3f\n' % (
            rnd.randint(0, 3), rnd.randint(0, 255), rnd.randint(1, 254), stamp(sec), rnd.choice(["GET"] * 8 + ["POST"]),
            p, rnd.choice(status), rnd.randint(200, 90000), rnd.choice(agents), rnd.expovariate(20))
        lines.append(l); size += len(l)
    write(text, f"logs/nginx/access.log.{f}", "".join(lines).encode())
# application logs, JSON lines, ~6 MiB
msgs = ["order placed", "payment authorised", "cache miss, loading from database", "user logged in",
        "retrying upstream call", "slow query", "session expired", "inventory reserved", "email queued"]
for f in range(4):
    lines, sec, size = [], 2_000_000 + f * 86400, 0
    while size < 1536 * 1024:
        sec += rnd.randint(0, 3)
        rec = {"ts": stamp(sec), "level": rnd.choice(["INFO"] * 12 + ["WARN", "ERROR", "DEBUG"]),
               "logger": rnd.choice(["shop.orders", "shop.payments", "shop.auth", "db.pool"]),
               "msg": rnd.choice(msgs), "request_id": "%016x" % rnd.getrandbits(64),
               "user": rnd.randint(1, 50000), "duration_ms": rnd.randint(1, 2500)}
        l = json.dumps(rec) + "\n"
        if rec["level"] == "ERROR":
            l += "".join("    at shop.%s.%s(%s.java:%d)\n" % (rnd.choice(["orders", "payments", "db"]),
                          rnd.choice(["handle", "process", "commit", "call"]), rnd.choice(["Service", "Handler", "Pool"]),
                          rnd.randint(10, 900)) for _ in range(rnd.randint(5, 25)))
        lines.append(l); size += len(l)
    write(text, f"logs/app/app-{f}.jsonl", "".join(lines).encode())
# configuration, ~200 small files, ~2 MiB
for i in range(200):
    body = [f"# service {i}: generated by the fleet's config management", f"name: svc-{i:03d}", "server:"]
    for k in range(rnd.randint(20, 160)):
        body.append("  %s_%d: %s" % (rnd.choice(["listen", "timeout", "upstream", "retries", "buffer_size", "log_level",
                     "max_connections", "keepalive", "tls_cert", "worker_threads"]), k,
                     rnd.choice(["on", "off", str(rnd.randint(1, 65535)), "/etc/ssl/certs/svc-%d.pem" % i, "info", "30s"])))
    write(text, f"etc/svc-{i // 20:02d}/svc-{i:03d}.yaml", ("\n".join(body) + "\n").encode())
# metrics as CSV, ~2 MiB
rows, size = ["timestamp,host,cpu,mem_mb,rx_bytes,tx_bytes\n"], 0
while size < 2 * 1024 * 1024:
    r = "%s,web-%02d,%.2f,%d,%d,%d\n" % (stamp(3_000_000 + len(rows) * 10), rnd.randint(1, 40), rnd.uniform(0, 100),
                                          rnd.randint(500, 16000), rnd.randint(0, 10**9), rnd.randint(0, 10**9))
    rows.append(r); size += len(r)
write(text, "data/metrics.csv", "".join(rows).encode())
# source-like text, ~2 MiB
words = ("public private static final return if else for while int long String List Map new this null true "
         "false void class import package throws try catch finally").split()
for i in range(60):
    body = []
    while sum(map(len, body)) < 34 * 1024:
        body.append("    " * rnd.randint(0, 4) + " ".join(rnd.choice(words) for _ in range(rnd.randint(2, 12)))
                    + rnd.choice([";", " {", "}", ""]))
    write(text, f"src/mod{i % 6}/File{i:02d}.java", ("\n".join(body) + "\n").encode())
# incompressible: media, archives
for i in range(12):
    write(binary, f"media/blob{i:02d}.bin", rnd.randbytes(1024 * 1024))
PY
declare -A TREE_FILES TREE_BYTES
for tr in text binary; do
  TREE_FILES[$tr]=$(find "$WORK/$tr" -type f | wc -l); TREE_BYTES[$tr]=$(du -sb "$WORK/$tr" | cut -f1)
  log "tree $tr: ${TREE_FILES[$tr]} files, ${TREE_BYTES[$tr]} bytes, gzip -6: $(tar -C "$WORK/$tr" -cf - . | gzip -6 | wc -c) bytes"
done

# ---------------------------------------------------------------- the fleet and its links
fleet_start "$HOSTS" "$BASE" --per-host-dirs
log "fleet: $HOSTS hosts up"

# HTB on this namespace's lo: class 1:(10+i) uplink and 1:(110+i) downlink of host i (or 1:10 and
# 1:110 for every host with --link shared), each at RATE; filters match exactly ADDR:PORT of the
# host's sshd; unmatched traffic takes HTB's direct (unshaped) queue.
LINK_UP=1
tc qdisc add dev lo root handle 1: htb r2q 100
i=0
UP_CLASSES=() DOWN_CLASSES=()
while IFS= read -r line; do
  hp=${line#*@}; addr=${hp%:*}; port=${hp##*:}
  n=$([[ $LINK == shared ]] && echo 0 || echo "$i")
  up=$((10 + n)) down=$((110 + n))
  if [[ $LINK == per-host || $i -eq 0 ]]; then
    tc class add dev lo parent 1: classid "1:$up" htb rate "$RATE" ceil "$RATE"
    tc class add dev lo parent 1: classid "1:$down" htb rate "$RATE" ceil "$RATE"
    UP_CLASSES+=("1:$up"); DOWN_CLASSES+=("1:$down")
  fi
  tc filter add dev lo parent 1: protocol ip prio 1 u32 match ip dst "$addr/32" match ip dport "$port" 0xffff flowid "1:$up"
  tc filter add dev lo parent 1: protocol ip prio 1 u32 match ip src "$addr/32" match ip sport "$port" 0xffff flowid "1:$down"
  i=$((i + 1))
done < "$DIR/hosts.txt"
log "link: $LINK, $RATE each way, classes up ${UP_CLASSES[*]} down ${DOWN_CLASSES[*]}"
# class_bytes CLASSES...: the bytes sent so far through those classes
class_bytes() {
  tc -s class show dev lo | awk -v want=" $* " '
    /^class htb/ { cur = $3 }
    /^ Sent / { if (index(want, " " cur " ")) sum += $2 }
    END { printf "%d\n", sum }'
}
# the link really is that slow: 2 MiB to the first host through its uplink class
first=$(head -1 "$DIR/names.txt")
t0=$(date +%s.%N)
head -c $((2 << 20)) /dev/zero | ssh -F "$DIR/ssh_config" "$first" 'cat > /dev/null'
RSYNC_Z=$(rsync -az --debug=NSTR -e "ssh -F $CFG" /etc/hostname "$first:/srv/compress-nstr" 2>&1 | grep -i compress | head -1 || true)
log "rsync -z here: $RSYNC_Z"
log "link check: 2 MiB in $(echo "$(date +%s.%N) - $t0" | bc) s; uplink classes counted $(class_bytes "${UP_CLASSES[@]}") bytes"

MUSTER_COMMON=(-i "$DIR/inventory.yaml" --known-hosts "$DIR/known_hosts" --identity "$DIR/id_ed25519" --store "$WORK/store")
# tool_cmd TOOL TREE: fills CMD_ with the command that pushes the tree to /srv/c-TOOL-TREE/ on every host
tool_cmd() {
  local src="$WORK/$2/" d="/srv/c-$1-$2/"
  case "$1" in
    muster) CMD_=("$MUSTER" push "$src" "$d" all -f "$HOSTS" "${MUSTER_COMMON[@]}" -q) ;;
    muster-z) CMD_=("$MUSTER" push "$src" "$d" all -f "$HOSTS" "${MUSTER_COMMON[@]}" -q --compress) ;;
    rsync) CMD_=(bash -c 'while read -r h; do rsync -a -e "ssh -F $1" "$2" "$h:$3" & done < "$4"; wait' _ "$CFG" "$src" "$d" "$DIR/names.txt") ;;
    rsync-z) CMD_=(bash -c 'while read -r h; do rsync -az -e "ssh -F $1" "$2" "$h:$3" & done < "$4"; wait' _ "$CFG" "$src" "$d" "$DIR/names.txt") ;;
    prsync) CMD_=(parallel-rsync -a -p "$HOSTS" -t 0 -h "$DIR/names.txt" -X -e -X "ssh -F $CFG" "$src" "$d") ;;
    prsync-z) CMD_=(parallel-rsync -az -p "$HOSTS" -t 0 -h "$DIR/names.txt" -X -e -X "ssh -F $CFG" "$src" "$d") ;;
  esac
}
RESULTS="$WORK/results.tsv"; : > "$RESULTS"
measure() {   # measure TREE TOOL REP
  local base="$WORK/$1-$2-$3" rc=0 up0 down0
  tool_cmd "$2" "$1"
  up0=$(class_bytes "${UP_CLASSES[@]}"); down0=$(class_bytes "${DOWN_CLASSES[@]}")
  /usr/bin/time -f '%e %U %S %M' -o "$base.time" timeout "$TIMEOUT" "${CMD_[@]}" > "$base.out" 2> "$base.err" || rc=$?
  local up=$(( $(class_bytes "${UP_CLASSES[@]}") - up0 )) down=$(( $(class_bytes "${DOWN_CLASSES[@]}") - down0 ))
  read -r wall user sys rss < <(tail -1 "$base.time")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$wall" "$(echo "$user + $sys" | bc)" "$up" "$down" "$rc" >> "$RESULTS"
  log "$1 $2 run $3: ${wall}s, up $up B, down $down B, rc=$rc"
  [[ $rc -eq 0 ]] || head -3 "$base.err" | sed 's/^/    /' >&2
}
wipe() {  # wipe TOOL TREE on every host (before the measured command; its bytes are not counted)
  parallel-ssh -p "$HOSTS" -h "$DIR/names.txt" -x "-F $CFG" "rm -rf /srv/c-$1-$2" > /dev/null 2>&1 || true
}
verify() {  # every tool left the tree on every host: compare checksum listings with the local one
  local tool=$1 tree=$2 want h got
  want=$(cd "$WORK/$tree" && find . -type f -exec sha256sum {} + | sort | sha256sum)
  while read -r h; do
    got=$(ssh -F "$CFG" "$h" "cd /srv/c-$tool-$tree && find . -type f -exec sha256sum {} + | sort | sha256sum" || true)
    [[ "$want" == "$got" ]] || { log "WARNING: $tool left a different $tree tree on $h"; echo "$tool $tree $h" >> "$WORK/bad"; }
  done < "$DIR/names.txt"
}

TOOL_LIST=() TREE_LIST=()
for t in muster muster-z rsync rsync-z prsync prsync-z; do has_tool "$t" && TOOL_LIST+=("$t"); done
for tr in text binary; do [[ ",$TREES," == *",$tr,"* ]] && TREE_LIST+=("$tr"); done
LOADS="$(cut -d' ' -f1-3 /proc/loadavg)"
START=$(date -u +%FT%TZ)
for rep in $(seq 1 "$RUNS"); do
  for tr in "${TREE_LIST[@]}"; do
    for t in "${TOOL_LIST[@]}"; do wipe "$t" "$tr"; measure "$tr" "$t" "$rep"; done
  done
  LOADS="$LOADS / $(cut -d' ' -f1-3 /proc/loadavg)"
done
: > "$WORK/bad"
for tr in "${TREE_LIST[@]}"; do for t in "${TOOL_LIST[@]}"; do verify "$t" "$tr"; done; done
link_down

mkdir -p "$OUT_DIR"
stamp=$(date -u +%Y%m%d-%H%M%S)
report="$OUT_DIR/compress-$stamp.md"
python3 - "$RESULTS" "$HOSTS" "$RATE" "$LINK" "$(cd "$root" && git rev-parse --short HEAD)" "$START" "$LOADS" \
  "${TREE_FILES[text]} ${TREE_BYTES[text]}" "${TREE_FILES[binary]} ${TREE_BYTES[binary]}" "$(wc -l < "$WORK/bad")" \
  "$(rsync --version | head -1); ${RSYNC_Z:-?}" "$(ssh -V 2>&1)" > "$report" <<'PY'
import statistics, sys, collections
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
hosts, rate, link, commit, start, loads = sys.argv[2:8]
sizes = {"text": sys.argv[8].split(), "binary": sys.argv[9].split()}
bad, rsync_v, ssh_v = sys.argv[10:13]
by = collections.defaultdict(list)
for tree, tool, rep, wall, cpu, up, down, rc in rows:
    by[(tree, tool)].append((float(wall), float(cpu), int(up), int(down), int(rc)))
tools = list(dict.fromkeys(r[1] for r in rows))
trees = list(dict.fromkeys(r[0] for r in rows))
print(f"# muster push --compress on a slow link — {hosts} real OpenSSH hosts, {rate} per direction "
      f"({link} link), commit {commit}\n")
print(f"Started {start}; load average at the start and after each round: {loads}. {rsync_v}; {ssh_v}. Every push starts from an empty directory. "
      f"Bytes are what crossed the shaped links (IP packets counted by the HTB classes), summed over the "
      f"{hosts} hosts; wall and bytes are medians over {max(len(v) for v in by.values())} rounds.\n")
for tree in trees:
    files, nbytes = sizes[tree]
    total = int(nbytes) * int(hosts)
    print(f"## {tree}: {files} files, {int(nbytes) / 2**20:.1f} MiB per host ({total / 2**20:.1f} MiB to all)\n")
    print("| tool | wall s (median) | wall ÷ rsync -z | uplink MiB | uplink ÷ tree×hosts | downlink MiB | client CPU s | failed runs |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    ref = by.get((tree, "rsync-z"))
    refw = statistics.median(v[0] for v in ref) if ref else None
    for t in tools:
        v = by.get((tree, t))
        if not v:
            continue
        w = statistics.median(x[0] for x in v)
        up = statistics.median(x[2] for x in v)
        down = statistics.median(x[3] for x in v)
        cpu = statistics.median(x[1] for x in v)
        fails = sum(1 for x in v if x[4] != 0)
        ratio = f"{w / refw:.2f}x" if refw else "-"
        print(f"| {t} | {w:.2f} | {ratio} | {up / 2**20:.1f} | {up / total:.3f} | {down / 2**20:.2f} | {cpu:.2f} | {fails} |")
    print("\nEvery run (wall s): " + "; ".join(
        f"{t} " + " / ".join(f"{x[0]:.2f}" for x in by[(tree, t)]) for t in tools if (tree, t) in by) + "\n")
print(f"Trees left on the hosts that differ from the source: {bad}.")
PY
cat "$report"
log "report: $report"
[[ $(wc -l < "$WORK/bad") -eq 0 ]]
