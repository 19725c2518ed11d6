# muster logs --to, fed to `sh -s -- FOLLOW POLL FILE INODE OFFSET [FILE INODE OFFSET]...` on the
# host's standard input. For each file it sends what was written since (INODE, OFFSET), framed:
#   "H INDEX INODE OFFSET LENGTH\n" then LENGTH raw bytes of that file from byte OFFSET;
#   "G INDEX INODE OFFSET\n" the file that had INODE was rotated away and is gone (deleted or
#     compressed): its bytes after OFFSET cannot be read;
#   "T INDEX INODE OFFSET\n" the file was truncated in place (copytruncate): read again from 0;
#   "M INDEX\n" the file does not exist (yet).
# When the file at the path has another inode than INODE (rotated), what is left of the old file
# (found by inode in the same directory, where logrotate and loggers move it) is sent first, then
# the new file from its start. INODE empty: start at the file's end (OFFSET -1) or start (OFFSET 0).
# Each file is read through one open descriptor whose inode is checked, so a rotation between the
# check and the read cannot mix two files. With FOLLOW=1 it polls every POLL seconds until its
# output is closed (a write then fails and the shell exits).
follow=$1 poll=$2
shift 2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/muster-ship.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 0' HUP PIPE TERM
n=0
while [ $# -ge 3 ]; do
    eval "f_$n=\$1 ino_$n=\$2 off_$n=\$3 gone_$n="
    n=$((n + 1))
    shift 3
done
chunk=1048576
# send INDEX INODE FROM SIZE: sends bytes FROM..SIZE of descriptor 3, in chunks; leaves off at the end
send() {
    off=$3
    while [ "$off" -lt "$4" ]; do
        count=$(($4 - off))
        [ "$count" -gt "$chunk" ] && count=$chunk
        dd if=/dev/fd/3 of="$tmp/chunk" bs=65536 iflag=skip_bytes,count_bytes skip="$off" count="$count" 2>/dev/null
        len=$(wc -c < "$tmp/chunk")
        [ "$len" -eq 0 ] && return
        printf 'H %s %s %s %s\n' "$1" "$2" "$off" "$len" || exit 0
        cat "$tmp/chunk" || exit 0
        off=$((off + len))
    done
}
pass() {
    i=0
    while [ "$i" -lt "$n" ]; do
        eval "f=\$f_$i ino=\$ino_$i off=\$off_$i gone=\$gone_$i"
        cur= size=0
        if command exec 3< "$f"; then
            set -- $(stat -L -c '%i %s' /dev/fd/3)
            cur=$1 size=$2
        fi 2>/dev/null
        if [ -n "$ino" ] && [ "$cur" != "$ino" ]; then
            exec 3<&-
            old=$(find "$(dirname -- "$f")" -maxdepth 1 -type f -inum "$ino" 2>/dev/null | head -n 1)
            if [ -n "$old" ] && command exec 3< "$old" 2>/dev/null; then
                set -- $(stat -L -c '%i %s' /dev/fd/3)
                if [ "$1" = "$ino" ] && [ "$2" -gt "$off" ]; then
                    send "$i" "$ino" "$off" "$2"
                fi
            else
                printf 'G %s %s %s\n' "$i" "$ino" "$off" || exit 0
            fi
            exec 3<&-
            ino= off=0
            cur= size=0
            if command exec 3< "$f"; then
                set -- $(stat -L -c '%i %s' /dev/fd/3)
                cur=$1 size=$2
            fi 2>/dev/null
        fi
        if [ -n "$cur" ]; then
            gone=
            if [ -z "$ino" ]; then
                ino=$cur
                [ "$off" -lt 0 ] && off=$size
            fi
            if [ "$size" -lt "$off" ]; then
                printf 'T %s %s %s\n' "$i" "$ino" "$off" || exit 0
                off=0
            fi
            if [ "$size" -gt "$off" ]; then
                send "$i" "$ino" "$off" "$size"
            fi
            exec 3<&-
        elif [ -z "$gone" ]; then
            printf 'M %s\n' "$i" || exit 0
            gone=1 off=0
        fi
        eval "ino_$i=\$ino off_$i=\$off gone_$i=\$gone"
        i=$((i + 1))
    done
}
pass
if [ "$follow" = 1 ]; then
    while sleep "$poll"; do
        pass
    done
fi
exit 0
