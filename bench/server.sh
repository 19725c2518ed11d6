#!/usr/bin/env bash
# muster serve under load: seed a store with 2,000 hosts, 5,000 runs x 100 host outcomes, a day of
# metric samples and 20 inspection reports, start `muster serve` on it, then measure each dashboard
# page and the main API endpoints with wrk (a second process) on loopback; print a Markdown table.
#
# With --store postgresql://... (or --store temp: a throwaway PostgreSQL in a temp dir) it compares
# the same seeded data on SQLite and on PostgreSQL, in interleaved pairs, at each of --clients,
# counts the connections PostgreSQL opened, then runs two servers on the one PostgreSQL.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

HOSTS=2000 RUNS=5000 PER_RUN=100 DURATION=8 CONNECTIONS=4 BUILD=1
STORE="" CLIENTS="4 32" ROUNDS=3 PAIR_ROUNDS=2 POOL=10 ENDPOINTS="" SAMPLES=30
usage() {
  cat <<USAGE
usage: bench/server.sh [--hosts N] [--runs N] [--per-run N] [--duration S] [--connections N] [--samples N] [--no-build]
       bench/server.sh --store postgresql://USER@HOST:PORT/DB|temp [--clients "4 32"] [--rounds N]
                       [--pair-rounds N] [--pool N] [--endpoints REGEX] [--duration S] [--no-build]
  Seeds a temporary data dir (SeedStore), starts muster serve on 127.0.0.1, reads each page's and
  API endpoint's server time (its Server-Timing header, --samples sequential requests, p50/p95),
  then runs wrk against it for --duration seconds with --connections connections, prints p50/p95/p99.
  --runs 10000 seeds the issue's 2,000 hosts / 10,000 runs (one a minute back from now; default $RUNS).

  --store URL   compare SQLite with PostgreSQL at URL: a database muster_bench_<pid> is created
                there (the user needs CREATEDB; the password from PGPASSWORD or ~/.pgpass) and
                dropped at the end; "temp" starts a PostgreSQL of its own (Debian's packages).
                Both stores get the same seed. Every endpoint is measured on both at each of
                --clients (default "$CLIENTS"), --rounds (default $ROUNDS) interleaved pairs of
                --duration s (default 5 here), alternating which store goes first; the medians
                are compared (PostgreSQL within 1.5x of SQLite: req/s and p99). Connections
                PostgreSQL opened for the server are counted (pg_stat_database.sessions) against
                --pool (its --store-pool-size, default $POOL). Then a second server joins the
                same PostgreSQL: --pair-rounds (default $PAIR_ROUNDS) pairs of "one server alone" vs
                "two servers, the same clients split between them" and vs "two servers, each
                with the same clients".
  --endpoints R only the endpoints whose name matches the extended regex R
USAGE
}
while [[ $# -gt 0 ]]; do
  case "$1" in
    --hosts) HOSTS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --per-run) PER_RUN=$2; shift 2 ;;
    --duration) DURATION=$2; DURATION_SET=1; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --store) STORE=$2; shift 2 ;;
    --clients) CLIENTS=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --pair-rounds) PAIR_ROUNDS=$2; shift 2 ;;
    --pool) POOL=$2; shift 2 ;;
    --endpoints) ENDPOINTS=$2; shift 2 ;;
    --samples) SAMPLES=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done
[[ -z "$STORE" || "$STORE" == temp || "$STORE" =~ ^postgres(ql)?:// ]] || { echo "server.sh: --store takes postgresql://... or temp" >&2; exit 2; }
[[ -n "$STORE" && -z "${DURATION_SET:-}" ]] && DURATION=5
log() { echo "[server.sh $(date -u +%H:%M:%S)] $*" >&2; }
[[ -n "${JAVA_HOME:-}" ]] || { [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]] && export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; }
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if ! command -v wrk >/dev/null; then
  [[ $(id -u) -eq 0 ]] || { echo "server.sh: needs wrk (apt-get install wrk)" >&2; exit 2; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
if [[ -n "$STORE" ]] && ! command -v psql >/dev/null; then
  echo "server.sh: --store needs psql (apt-get install postgresql-client)" >&2; exit 2
fi

jar="$root/muster-cli/target/muster.jar"
if [[ $BUILD -eq 1 ]]; then
  log "building (mvnw -DskipTests package; never install)"
  (cd "$root" && { timeout 900 ./mvnw -B -q -o -DskipTests package || timeout 900 ./mvnw -B -q -DskipTests package; }) >&2
fi
[[ -f "$jar" && -d "$root/muster-server/target/test-classes" ]] || { echo "server.sh: not built; run without --no-build" >&2; exit 3; }

WORK=$(mktemp -d /tmp/muster-server-bench.XXXXXX)
chmod 755 "$WORK"
PIDS=() PG_BIN="" PG_DIR="" PG_AS=() DROP_DB=""
cleanup() {
  set +e
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
  [[ -n "$DROP_DB" ]] && psql -q -X "$ADMIN_URL" -c "DROP DATABASE IF EXISTS $DROP_DB" >/dev/null 2>&1
  [[ -n "$PG_DIR" ]] && "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1
  [[ -n "${KEEP_WORK:-}" ]] || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

seed() { # DATA_DIR [STORE_URL]
  "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$jar:$root/muster-server/target/test-classes" \
    dev.muster.server.bench.SeedStore "$1" "$HOSTS" "$RUNS" "$PER_RUN" ${2:+"$2"}
}

# serve NAME DATA_DIR [STORE_URL]: starts muster serve, sets PORT_<NAME>
serve() {
  local name=$1 data=$2 url=${3:-} port
  port=$(( 20000 + RANDOM % 20000 ))
  "$root/muster" serve --listen "127.0.0.1:$port" --data "$data" -i "$data/inventory.yaml" --sample-every 0 \
    ${url:+--store "$url" --store-pool-size "$POOL"} > "$WORK/serve-$name.log" 2>&1 &
  PIDS+=($!)
  local pid=$!
  for _ in $(seq 1 600); do curl -fs -o /dev/null "http://127.0.0.1:$port/login" && break; kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  curl -fs -o /dev/null "http://127.0.0.1:$port/login" || { echo "server.sh: muster serve ($name) did not start" >&2; cat "$WORK/serve-$name.log" >&2; exit 4; }
  printf -v "PORT_$name" '%s' "$port"
}

# endpoints NAME DATA_DIR: writes WORK/endpoints-NAME.tsv (name, header, url) for that server's seed
endpoints() {
  local name=$1 data=$2 port url cookie bearer run older host
  port="PORT_$name"; url="http://127.0.0.1:${!port}"
  cookie="Cookie: muster_session=$(cat "$data/bench-session.txt")"
  bearer="Authorization: Bearer $(cat "$data/bench-token.txt")"
  # (sed -n 1p, not head -1: head exits early and, under pipefail, the writer's SIGPIPE ends the script)
  run=$(curl -fs -H "$bearer" "$url/api/v1/runs?limit=1" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p' | sed -n 1p)
  older=$(curl -fs -H "$bearer" "$url/api/v1/runs?limit=200" | { grep -o '"next":"[^"]*"' || true; } | cut -d'"' -f4)
  [[ -n "$older" ]] || older=$run   # fewer than 200 runs seeded
  host=$(curl -fs -H "$cookie" "$url/runs/$run" | grep -o 'href="/runs/[^"]*/hosts/[^"]*"' | sed -n 1p | sed 's|.*/hosts/||; s|"||')
  [[ -n "$run" && -n "$host" ]] || { echo "server.sh: the seeded store of $name shows no run" >&2; exit 4; }
  {
    printf '%s\t%s\t%s\n' "page / (fleet, heat map)" "$cookie" "$url/"
    printf '%s\t%s\t%s\n' "page /?q=web (fleet search)" "$cookie" "$url/?q=web"
    printf '%s\t%s\t%s\n' "page /?state=unknown&page=2 (fleet filter)" "$cookie" "$url/?state=unknown&page=2"
    printf '%s\t%s\t%s\n' "page /runs" "$cookie" "$url/runs"
    printf '%s\t%s\t%s\n' "page /runs?before= (page 5)" "$cookie" "$url/runs?before=$older"
    printf '%s\t%s\t%s\n' "page /runs?status=failed (filter)" "$cookie" "$url/runs?status=failed"
    printf '%s\t%s\t%s\n' "page /runs?host=&env=prod (filters)" "$cookie" "$url/runs?host=$host&env=prod"
    printf '%s\t%s\t%s\n' "page /runs/{id} (100 hosts)" "$cookie" "$url/runs/$run"
    printf '%s\t%s\t%s\n' "page /runs/{id}/hosts/{host}" "$cookie" "$url/runs/$run/hosts/$host"
    printf '%s\t%s\t%s\n' "page /hosts/{name} (288 samples)" "$cookie" "$url/hosts/$host"
    printf '%s\t%s\t%s\n' "page /hosts/{name}?range=7d" "$cookie" "$url/hosts/$host?range=7d"
    printf '%s\t%s\t%s\n' "page /schedules" "$cookie" "$url/schedules"
    printf '%s\t%s\t%s\n' "page /reports" "$cookie" "$url/reports"
    printf '%s\t%s\t%s\n' "page /reports/{id} (2,000 hosts)" "$cookie" "$url/reports/nightly-1"
    printf '%s\t%s\t%s\n' "page /approvals" "$cookie" "$url/approvals"
    printf '%s\t%s\t%s\n' "page /audit" "$cookie" "$url/audit"
    printf '%s\t%s\t%s\n' "page /audit?action=run&env=prod" "$cookie" "$url/audit?action=run&env=prod"
    printf '%s\t%s\t%s\n' "page /tokens" "$cookie" "$url/tokens"
    printf '%s\t%s\t%s\n' "page /users" "$cookie" "$url/users"
    printf '%s\t%s\t%s\n' "page /dead-letters" "$cookie" "$url/dead-letters"
    printf '%s\t%s\t%s\n' "page /server" "$cookie" "$url/server"
    printf '%s\t%s\t%s\n' "page /runs/{id}/live (fragment)" "$cookie" "$url/runs/$run/live"
    printf '%s\t%s\t%s\n' "api GET /api/v1/hosts" "$bearer" "$url/api/v1/hosts"
    printf '%s\t%s\t%s\n' "api GET /api/v1/runs" "$bearer" "$url/api/v1/runs"
    printf '%s\t%s\t%s\n' "api GET /api/v1/runs/{id}" "$bearer" "$url/api/v1/runs/$run"
    printf '%s\t%s\t%s\n' "api GET /api/v1/runs/{id}/hosts" "$bearer" "$url/api/v1/runs/$run/hosts"
    printf '%s\t%s\t%s\n' "api GET /api/v1/runs/{id}/output" "$bearer" "$url/api/v1/runs/$run/output?host=$host"
  } | awk -F'\t' -v re="$ENDPOINTS" 're == "" || $1 ~ re' > "$WORK/endpoints-$name.tsv"
}

# server_time HEADER URL: the server's own time for the page (its Server-Timing header), over
# $SAMPLES sequential requests: prints "p50 p95" in ms ("- -" when the answer has none)
server_time() {
  local times
  times=$(for _ in $(seq 1 "$SAMPLES"); do
    curl -fs -o /dev/null -D - -H "$1" "$2" | sed -n 's/^server-timing: *app;dur=\([0-9.]*\).*/\1/Ip'
  done | sort -n)
  [[ -n "$times" ]] || { echo "- -"; return; }
  local n; n=$(echo "$times" | wc -l)
  echo "$(echo "$times" | sed -n "$(( (n + 1) / 2 ))p") $(echo "$times" | sed -n "$(( (n * 95 + 99) / 100 ))p")"
}

# measure CLIENTS HEADER URL: prints "requests errors p50 p95 p99" of one wrk run
measure() {
  wrk -t2 -c"$1" -d"${DURATION}s" -H "$2" -s "$here/lib/wrk-latency.lua" "$3" | grep '^WRK' | cut -d' ' -f2-
}

warm() { # NAME
  while IFS=$'\t' read -r _ header url; do wrk -t1 -c1 -d2s -H "$header" "$url" > /dev/null; done < "$WORK/endpoints-$1.tsv"
}

if [[ -z "$STORE" ]]; then
  data="$WORK/data"
  log "seeding $HOSTS hosts, $RUNS runs x $PER_RUN hosts into $data"
  seed_start=$(date +%s.%N)
  seed "$data"
  seed_s=$(echo "$(date +%s.%N) - $seed_start" | bc)
  db_mb=$(du -sm "$data" | cut -f1)
  serve sqlite "$data"
  endpoints sqlite "$data"
  log "warming up"
  warm sqlite
  echo "| endpoint | server ms p50 | server ms p95 | requests/s | p50 ms | p95 ms | p99 ms | errors | bytes |"
  echo "|---|---|---|---|---|---|---|---|---|"
  while IFS=$'\t' read -r name header url; do
    bytes=$(curl -fs -H "$header" -o /dev/null -w '%{size_download}' "$url")
    read -r s50 s95 <<< "$(server_time "$header" "$url")"
    read -r n errors p50 p95 p99 <<< "$(measure "$CONNECTIONS" "$header" "$url")"
    printf '| %s | %s | %s | %.0f | %s | %s | %s | %s | %s |\n' "$name" "$s50" "$s95" "$(echo "$n / $DURATION" | bc -l)" "$p50" "$p95" "$p99" "$errors" "$bytes"
  done < "$WORK/endpoints-sqlite.tsv"
  echo
  echo "Seeded $HOSTS hosts and $RUNS runs x $PER_RUN hosts in ${seed_s%.*} s ($db_mb MB on disk). Server ms: the"
  echo "server's own time per answer (its Server-Timing header), $SAMPLES sequential requests, one client;"
  echo "then wrk -t2 -c$CONNECTIONS -d${DURATION}s per endpoint, server and wrk on the same $(nproc) cores."
  exit 0
fi

# ---- SQLite vs PostgreSQL ----
if [[ "$STORE" == temp ]]; then
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [[ -x "$PG_BIN/initdb" ]] || { echo "server.sh: --store temp needs Debian's postgresql package" >&2; exit 2; }
  PG_DIR="$WORK/pg"; mkdir -p "$PG_DIR"
  if [[ $(id -u) -eq 0 ]]; then chown nobody "$PG_DIR"; PG_AS=(runuser -u nobody --); fi
  "${PG_AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U muster --auth=trust --no-locale -E UTF8 > "$WORK/initdb.log"
  pg_port=$(( 40000 + RANDOM % 20000 ))
  # synchronous_commit=off: a commit does not wait for its WAL flush, as SQLite's WAL with synchronous=NORMAL
  "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -w start -o \
    "-p $pg_port -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=100 -c synchronous_commit=off -c log_connections=on" > /dev/null
  ADMIN_URL="postgresql://muster@127.0.0.1:$pg_port/postgres"
else
  ADMIN_URL="$STORE"
fi
# a password in the URL goes to PGPASSWORD, where psql and muster both find it
url_pw=$(echo "$ADMIN_URL" | sed -nE 's#^postgres(ql)?://[^:@/]+:([^@/]*)@.*#\2#p')
[[ -n "$url_pw" ]] && export PGPASSWORD="$url_pw"
BENCH_DB="muster_bench_$$"
psql -q -X "$ADMIN_URL" -c "CREATE DATABASE $BENCH_DB" > /dev/null
DROP_DB=$BENCH_DB
# the same server and user, the bench database; no password in it (PGPASSWORD or ~/.pgpass has it)
PG_URL=$(echo "$ADMIN_URL" | sed -E "s#^(postgres(ql)?://)([^:@/]+)(:[^@/]*)?@#\1\3@#; s#^(postgres(ql)?://[^/]+)/?[^?]*#\1/$BENCH_DB#")
sessions() { psql -X -A -t "$ADMIN_URL" -c "SELECT sessions FROM pg_stat_database WHERE datname = '$BENCH_DB'"; }

log "seeding $HOSTS hosts, $RUNS runs x $PER_RUN hosts into SQLite"
seed "$WORK/sqlite"
log "seeding the same into PostgreSQL ($PG_URL)"
seed "$WORK/pg1" "$PG_URL$([[ "$PG_URL" == *\?* ]] && echo '&' || echo '?')reWriteBatchedInserts=true"
psql -q -X "${PG_URL}" -c "VACUUM ANALYZE" > /dev/null
cp -r "$WORK/pg1" "$WORK/pg2"   # the second server's inventory, token and session (the rows are in PostgreSQL)
sleep 11   # let PostgreSQL flush its session counts (idle backends report every 10 s)
sessions_before=$(sessions)

serve sqlite "$WORK/sqlite"
serve pg "$WORK/pg1" "$PG_URL"
endpoints sqlite "$WORK/sqlite"
endpoints pg "$WORK/pg1"
log "warming up both"
warm sqlite
warm pg

raw="$WORK/pairs.tsv"   # phase, clients, endpoint, round, store, requests, errors, p50, p95, p99
: > "$raw"
mapfile -t names < <(cut -f1 "$WORK/endpoints-sqlite.tsv")
row() { sed -n "$(( $2 + 1 ))p" "$WORK/endpoints-$1.tsv"; } # row NAME INDEX
for c in $CLIENTS; do
  for i in "${!names[@]}"; do
    log "one server: ${names[$i]} at $c clients, $ROUNDS pairs"
    for r in $(seq 1 "$ROUNDS"); do
      order="sqlite pg"; (( r % 2 == 0 )) && order="pg sqlite"
      for s in $order; do
        IFS=$'\t' read -r name header url <<< "$(row "$s" "$i")"
        printf 'one\t%s\t%s\t%s\t%s\t%s\n' "$c" "$name" "$r" "$s" "$(measure "$c" "$header" "$url" | tr ' ' '\t')" >> "$raw"
      done
    done
  done
done
sleep 11
sessions_after=$(sessions)
opened_one=$(( sessions_after - sessions_before ))
log "PostgreSQL sessions opened for the one server during the whole run: $opened_one (pool $POOL)"

serve pg2 "$WORK/pg2" "$PG_URL"
endpoints pg2 "$WORK/pg2"
warm pg2
for c in $CLIENTS; do
  half=$(( c / 2 )); (( half < 2 )) && half=2
  for i in "${!names[@]}"; do
    log "two servers: ${names[$i]} at $c clients, $PAIR_ROUNDS rounds"
    IFS=$'\t' read -r name h1 u1 <<< "$(row pg "$i")"
    IFS=$'\t' read -r _ h2 u2 <<< "$(row pg2 "$i")"
    for r in $(seq 1 "$PAIR_ROUNDS"); do
      for what in alone split each; do
        case $what in
          alone) printf 'two\t%s\t%s\t%s\talone\t%s\n' "$c" "$name" "$r" "$(measure "$c" "$h1" "$u1" | tr ' ' '\t')" >> "$raw" ;;
          split|each)
            n=$c; [[ $what == split ]] && n=$half
            measure "$n" "$h1" "$u1" > "$WORK/a.out" & a=$!
            measure "$n" "$h2" "$u2" > "$WORK/b.out" & b=$!
            wait "$a" "$b"
            printf 'two\t%s\t%s\t%s\t%s-1\t%s\n' "$c" "$name" "$r" "$what" "$(tr ' ' '\t' < "$WORK/a.out")" >> "$raw"
            printf 'two\t%s\t%s\t%s\t%s-2\t%s\n' "$c" "$name" "$r" "$what" "$(tr ' ' '\t' < "$WORK/b.out")" >> "$raw" ;;
        esac
      done
    done
  done
done
sleep 11
opened_two=$(( $(sessions) - sessions_after ))

mkdir -p "$here/out" && cp "$raw" "$here/out/server-pairs-$(date -u +%Y%m%dT%H%M%SZ).tsv"
python3 "$here/lib/server_report.py" "$raw" "$DURATION" "$POOL" "$opened_one" "$opened_two" "$ROUNDS" "$PAIR_ROUNDS"
if [[ -n "$PG_DIR" ]]; then
  echo
  echo "Connections the temporary PostgreSQL logged for database $BENCH_DB (log_connections, seeding and psql included): $(grep -c "connection authorized: .*database=$BENCH_DB" "$PG_DIR/postgres.log")."
fi
echo
echo "Seeded: $HOSTS hosts, $RUNS runs x $PER_RUN host outcomes, 288 metric samples per host, 20 reports; both servers with --sample-every 0; wrk -t2 -d${DURATION}s per measurement; servers, wrk and PostgreSQL on the same $(nproc) cores ($( [[ -n "$PG_DIR" ]] && echo "temporary PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}'), synchronous_commit=off" || echo "PostgreSQL at $(echo "$ADMIN_URL" | sed -E 's#://[^@]*@#://#')"))."
