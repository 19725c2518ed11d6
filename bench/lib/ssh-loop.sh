#!/usr/bin/env bash
# The plain-OpenSSH baseline: one `ssh ... &` per host, all at once, then wait for each.
# usage: ssh-loop.sh SSH_CONFIG NAMES_FILE CMD...   (prints "ok=N total=M"; exit 0 iff all ok)
set -uo pipefail
cfg=$1 names=$2
shift 2
pids=()
while read -r host; do
  [[ -n "$host" ]] || continue
  ssh -F "$cfg" -n "$host" "$@" >/dev/null 2>&1 &
  pids+=($!)
done < "$names"
ok=0
for p in "${pids[@]}"; do
  if wait "$p"; then ok=$((ok + 1)); fi
done
echo "ok=$ok total=${#pids[@]}"
[[ $ok -eq ${#pids[@]} ]]
