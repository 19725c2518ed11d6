# muster logs, fed to `sh -s -- LINES FOLLOW SINCE REGEX FILE...` on the host's standard input
# (so `ps` there shows a short command line; the since filter, since.awk, is pasted in below).
# Every output line is "INDEX TEXT", INDEX being the file's position in the list; notices on
# stderr start with "muster-logs:". With FOLLOW=1 a watchdog writes an empty line to stderr
# every second: once the channel is closed that write fails, the watchdog exits, and every
# tail started with --pid=WATCHDOG stops, so nothing is left running on the host.
lines=$1 follow=$2 since=$3 re=$4
shift 4
prog=$(cat <<'MUSTER_SINCE_AWK'
@SINCE_AWK@
MUSTER_SINCE_AWK
)
zone=$(date +%z) now=$(date +%s)
pid=
if [ "$follow" = 1 ]; then
    ( while sleep 1; do printf '\n' >&2 || exit 0; done ) &
    watchdog=$!
    if tail --pid="$watchdog" -n 0 /dev/null >/dev/null 2>&1; then
        pid=--pid=$watchdog
    else
        echo "muster-logs:no-pid" >&2
    fi
fi
matching() {
    if [ -n "$re" ]; then grep -E --line-buffered -e "$re"; else cat; fi
}
since() {
    if [ -n "$since" ]; then awk -v since="$since" -v zone="$zone" -v now="$now" "$prog"; else cat; fi
}
# Prefixes each line with the file's index as soon as it arrives: awk would do, but mawk reads
# pipes in blocks, holding followed lines back; GNU sed -u does not, else a (slower) read loop.
if echo | sed -u p >/dev/null 2>&1; then
    tag() { sed -u "s/^/$1 /"; }
else
    tag() { while IFS= read -r line || [ -n "$line" ]; do printf '%s %s\n' "$1" "$line"; done; }
fi
jobs=
i=0
for f do
    if [ ! -e "$f" ]; then
        echo "muster-logs:missing:$i" >&2
    elif [ -d "$f" ] || [ ! -r "$f" ]; then
        echo "muster-logs:unreadable:$i" >&2
    elif [ -z "$re$since" ]; then
        # Unfiltered: tail reads only the end of the file and follows from there itself.
        if [ "$follow" = 1 ]; then
            tail -n "$lines" -F $pid -- "$f" | tag $i &
            jobs="$jobs $!"
        else
            tail -n "$lines" -- "$f" | tag $i
        fi
    else
        # Filtered: the lines present now are filtered whole (the last N matches, not matches
        # among the last N lines); following resumes at the byte where that snapshot ended.
        size=$(wc -c < "$f")
        size=$((size))
        if [ "$follow" = 1 ]; then
            { head -c "$size" -- "$f" | matching | since | tail -n "$lines" | tag $i
              tail -c "+$((size + 1))" -F $pid -- "$f" | matching | tag $i; } &
            jobs="$jobs $!"
        else
            head -c "$size" -- "$f" | matching | since | tail -n "$lines" | tag $i
        fi
    fi
    i=$((i + 1))
done
if [ -n "$jobs" ]; then
    wait $jobs
fi
if [ -n "$watchdog" ]; then
    kill "$watchdog" 2>/dev/null
fi
exit 0
