# muster grep, run on the host by `sh -c SCRIPT muster-grep PATTERN GLOB...`; the grep options are
# written into this script by the controller (on the exec line below). Globs are expanded here, on the
# host: with IFS empty an unquoted "$g" is only pathname-expanded, never split or evaluated.
# Reports on stderr "muster-grep:no-file:GLOB" for a glob matching no file and
# "muster-grep:files:N" for the number of files searched; exit status is grep's
# (0 matches, 1 no match, 2 trouble), or 2 when no file matched at all.
pat=$1
shift
IFS=
for g do
    shift
    found=0
    for f in $g; do
        if [ -f "$f" ]; then
            set -- "$@" "$f"
            found=1
        fi
    done
    if [ "$found" = 0 ]; then
        printf 'muster-grep:no-file:%s\n' "$g" >&2
    fi
done
printf 'muster-grep:files:%d\n' "$#" >&2
if [ "$#" = 0 ]; then
    exit 2
fi
exec grep -H -n -Z -I @GREP_OPTIONS@ -e "$pat" -- "$@"
