#!/usr/bin/env bash
# Metric export to a real Kafka broker (issue 18): samples of N in-process hosts (default 2000),
# R rounds (default 30) handed to muster serve's exporter at once and drained to a single-node
# KRaft broker the benchmark starts (kafka_2.13 from Maven, a child JVM). Prints samples/s,
# records/s, the controller's CPU seconds and peak RSS. See KafkaExportBench.
# Usage: bench/kafka-export.sh [--hosts N] [--rounds R]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
HOSTS=2000 ROUNDS=30
while [[ $# -gt 0 ]]; do
  case "$1" in
    --hosts) HOSTS=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    -h|--help) sed -n 2,6p "$0"; exit 0 ;;
    *) echo "kafka-export.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
for n in "$HOSTS" "$ROUNDS"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "kafka-export.sh: not a positive number: $n" >&2; exit 2; }
done
mkdir -p "$here/out"
out="$here/out/kafka-export-$(date -u +%Y%m%dT%H%M%SZ).md"
cd "$root"
{
  echo "# kafka-export.sh --hosts $HOSTS --rounds $ROUNDS ($(git rev-parse --short HEAD), $(date -u '+%Y-%m-%d %H:%M') UTC, load $(cut -d' ' -f1-3 /proc/loadavg))"
  ./mvnw -B -ntp -q -pl muster-server -am verify -Djacoco.skip=true -Dtest=KafkaExportBench \
    -Dsurefire.failIfNoSpecifiedTests=false -Dmuster.bench=kafka-export -Dmuster.bench.hosts="$HOSTS" \
    -Dmuster.bench.rounds="$ROUNDS" -Dmuster.bench.out="$out.table" >/dev/null 2>&1 || true
  cat "$out.table" 2>/dev/null || echo "kafka-export.sh: the benchmark printed no table (run the mvnw line above without -q)"
  rm -f "$out.table"
} | tee "$out"
