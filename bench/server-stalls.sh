#!/usr/bin/env bash
# Where do the two-server p99 stalls of `bench/server.sh --store temp` come from (issue 26)?
# Two `muster serve` on one throwaway PostgreSQL (seeded like server.sh); per endpoint and round, four
# ways of loading them with wrk (bench/lib/wrk-stalls.lua: wrk's max latency next to the server's own
# slowest answer from its Server-Timing header):
#   alone    one wrk -t2 -c4 -> server 1
#   same     two wrk -t2 -c2 -> server 1 both        (two client processes, one server)
#   split2p  two wrk -t2 -c2 -> server 1 and server 2 (what server.sh's "split" does)
#   split1p  one wrk -t2 -c4, thread 1 -> server 1, thread 2 -> server 2
# PostgreSQL logs every statement over 50 ms and every lock wait over 20 ms (postgres.log kept in
# OUT). ALT_NICE=N: even rounds run with PostgreSQL's scheduler autogroup at nice N (odd rounds 0).
# Prints one TSV row per wrk run. Usage: sudo bench/server-stalls.sh [> rows.tsv]
#   env: HOSTS (2000) RUNS (2000) DUR (5 s) ROUNDS (3) POOL (10) ALT_NICE OUT (bench/out)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); root=$(dirname "$here")
jar=$root/muster-cli/target/muster.jar
HOSTS=${HOSTS:-2000} RUNS=${RUNS:-2000} PER_RUN=100 DUR=${DUR:-5} ROUNDS=${ROUNDS:-3} POOL=${POOL:-10}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA=$JAVA_HOME/bin/java
WORK=$(mktemp -d /tmp/stalls.XXXXXX); chmod 755 "$WORK"
PIDS=()
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PG_DIR=$WORK/pg; mkdir -p "$PG_DIR"; chown nobody "$PG_DIR"
cleanup() { set +e; for p in "${PIDS[@]}"; do kill "$p"; done; wait; runuser -u nobody -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1; rm -rf "$WORK"; }
trap cleanup EXIT
log() { echo "[stalls $(date +%T)] $*" >&2; }
runuser -u nobody -- "$PG_BIN/initdb" -D "$PG_DIR/data" -U muster --auth=trust --no-locale -E UTF8 > "$WORK/initdb.log"
pg_port=$(( 40000 + RANDOM % 20000 ))
runuser -u nobody -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -w start -o \
  "-p $pg_port -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=100 -c synchronous_commit=off -c log_lock_waits=on -c deadlock_timeout=20ms -c log_min_duration_statement=50" > /dev/null
PG_URL="postgresql://muster@127.0.0.1:$pg_port/bench"
psql -q -X "postgresql://muster@127.0.0.1:$pg_port/postgres" -c "CREATE DATABASE bench"
log "seeding"
"$JAVA" --enable-native-access=ALL-UNNAMED -cp "$jar:$root/muster-server/target/test-classes" \
  dev.muster.server.bench.SeedStore "$WORK/pg1" "$HOSTS" "$RUNS" "$PER_RUN" "$PG_URL?reWriteBatchedInserts=true" >&2
psql -q -X "$PG_URL" -c "VACUUM ANALYZE"
cp -r "$WORK/pg1" "$WORK/pg2"
serve() { # NAME DIR -> PORT_NAME
  local port=$(( 20000 + RANDOM % 20000 ))
  "$root/muster" serve --listen "127.0.0.1:$port" --data "$2" -i "$2/inventory.yaml" --sample-every 0 \
    --store "$PG_URL" --store-pool-size "$POOL" > "$WORK/serve-$1.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 600); do curl -fs -o /dev/null "http://127.0.0.1:$port/login" && break; sleep 0.1; done
  printf -v "PORT_$1" '%s' "$port"
}
serve s1 "$WORK/pg1"; serve s2 "$WORK/pg2"
cookie="Cookie: muster_session=$(cat "$WORK/pg1/bench-session.txt")"
bearer="Authorization: Bearer $(cat "$WORK/pg1/bench-token.txt")"
run=$(curl -fs -H "$bearer" "http://127.0.0.1:$PORT_s1/api/v1/runs?limit=1" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p' | sed -n 1p)
eps=("page /approvals|$cookie|/approvals" "page /runs|$cookie|/runs" "api /runs|$bearer|/api/v1/runs" "api /runs/{id}|$bearer|/api/v1/runs/$run")
lua=$here/lib/wrk-stalls.lua
log "warming"
for e in "${eps[@]}"; do IFS='|' read -r n h p <<< "$e"; for port in $PORT_s1 $PORT_s2; do wrk -t1 -c1 -d3s -H "$h" "http://127.0.0.1:$port$p" >/dev/null; done; done
m() { wrk -t2 -c"$1" -d"${DUR}s" -H "$2" -s "$lua" "$3" | grep '^WRK' | cut -d' ' -f2- | tr ' ' '\t'; }
echo -e "endpoint\tround\tmode\tpart\trequests\terrors\tp50\tp95\tp99\tmax\tmax_app\tslow_app"
for r in $(seq 1 "$ROUNDS"); do
  nv=$(( r % 2 == 0 ? ${ALT_NICE:-0} : 0 ))
  [[ -z "${ALT_NICE:-}" ]] || { echo "$nv" > "/proc/$(head -1 "$PG_DIR/data/postmaster.pid")/autogroup"; log "PostgreSQL autogroup nice $nv"; }
  for e in "${eps[@]}"; do
    IFS='|' read -r n h p <<< "$e"
    u1="http://127.0.0.1:$PORT_s1$p"; u2="http://127.0.0.1:$PORT_s2$p"
    log "round $r $n"
    echo -e "$n\t$r.n$nv\talone\t1\t$(m 4 "$h" "$u1")"
    m 2 "$h" "$u1" > "$WORK/a" & a=$!; m 2 "$h" "$u1" > "$WORK/b" & b=$!; wait $a $b
    echo -e "$n\t$r.n$nv\tsame\t1\t$(cat "$WORK/a")"; echo -e "$n\t$r.n$nv\tsame\t2\t$(cat "$WORK/b")"
    m 2 "$h" "$u1" > "$WORK/a" & a=$!; m 2 "$h" "$u2" > "$WORK/b" & b=$!; wait $a $b
    echo -e "$n\t$r.n$nv\tsplit2p\t1\t$(cat "$WORK/a")"; echo -e "$n\t$r.n$nv\tsplit2p\t2\t$(cat "$WORK/b")"
    echo -e "$n\t$r.n$nv\tsplit1p\t12\t$(MUSTER_WRK_ADDRS="127.0.0.1:$PORT_s1 127.0.0.1:$PORT_s2" m 4 "$h" "$u1")"
  done
done
OUT=${OUT:-$here/out}; mkdir -p "$OUT"; cp "$PG_DIR/postgres.log" "$OUT/server-stalls-postgres-$(date -u +%Y%m%dT%H%M%SZ).log" 2>/dev/null || true
grep -c 'duration:' "$PG_DIR/postgres.log" >&2 || true
grep -E 'still waiting|duration:' "$PG_DIR/postgres.log" | tail -20 >&2 || true
