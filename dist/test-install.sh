#!/usr/bin/env bash
# The install test (issue 25): unpacks the release archive into an empty directory (its path has
# a space) and, in a clean environment with no `java` on PATH and no JAVA_HOME, runs
# `muster --version`, `muster --help` and `muster demo`; checks they ran on the archive's own
# runtime with its packaged start-up cache (-XX:AOTMode=on fails if the cache cannot be used),
# that nothing was trained or written into the user's cache; that every man page renders with
# `man -l` (and groff reports no warnings); that the bash completion script loads; and that
# install.sh installs it under a prefix whose bin/muster, man pages and completion work.
# Usage: dist/test-install.sh [ARCHIVE] (default: the newest dist/target/muster-*-linux-x64.tar.gz).
# Takes ~20-40 s on 2 cores (most of it `muster demo`).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
archive="${1:-$(ls -t "$repo"/dist/target/muster-*-linux-x64.tar.gz 2>/dev/null | head -n1)}"
[[ -f "$archive" ]] || { echo "test-install: no archive; build it: dist/build.sh" >&2; exit 2; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "test-install: FAILED: $*" >&2; exit 1; }
ok() { echo "test-install: ok: $*"; }

# A PATH holding every tool of /usr/local/bin, /usr/bin and /bin except a JDK's
mkdir -p "$tmp/path" "$tmp/home" "$tmp/unpacked here"
jdk_tools=" java javac jar jarsigner javadoc javap jcmd jconsole jdb jdeprscan jdeps jfr jhsdb jimage jinfo jlink \
  jmap jmod jpackage jps jrunscript jshell jstack jstat jstatd jwebserver keytool rmiregistry serialver "
for f in /usr/local/bin/* /usr/bin/* /bin/*; do
  n="${f##*/}"
  [[ "$jdk_tools" == *" $n "* || -e "$tmp/path/$n" || -L "$tmp/path/$n" ]] && continue
  ln -s "$f" "$tmp/path/$n"
done
clean() { env -i HOME="$tmp/home" PATH="$tmp/path" LANG=C.UTF-8 TERM=dumb "$@"; }
clean bash -c 'command -v java' >/dev/null && fail "java is still on the clean PATH"
clean bash -c '[[ -z "${JAVA_HOME:-}" ]]' || fail "JAVA_HOME is set in the clean environment"

tar -xzf "$archive" -C "$tmp/unpacked here"
root="$(ls -d "$tmp/unpacked here"/muster-*)"
muster="$root/bin/muster"
cd "$tmp/home"   # any directory: not the checkout, not the archive

out="$(clean "$muster" --version)" || fail "muster --version exited $?"
# the commit is this checkout's (the archive was built from it), or "unknown" where git cannot say
if commit="$(git -C "$repo" rev-parse --short=12 HEAD 2>/dev/null)"; then :; else commit="unknown"; fi
version_line="^muster [0-9][^ ]* [(]commit $commit(-dirty)?, built [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z[)]$"
[[ "$out" =~ $version_line ]] || fail "muster --version printed: $out (expected commit $commit)"
ok "--version: $out"

out="$(clean "$muster" --help)" || fail "muster --help exited $?"
grep -q 'Usage: muster' <<< "$out" && grep -q 'Exit codes' <<< "$out" || fail "muster --help printed: $out"
ok "--help"

# The archive's runtime, not a JDK of the machine, and its packaged AOT cache (AOTMode=on: the JVM
# refuses to start if the cache does not match this runtime and jar).
out="$(clean env MUSTER_JAVA_OPTS="-XX:AOTMode=on -XshowSettings:properties" "$muster" hosts --help 2>&1)" \
  || fail "muster with -XX:AOTMode=on exited $?: $out"
home_line="$(grep 'java.home = ' <<< "$out")"
[[ "$home_line" == *"$root/runtime"* ]] || fail "ran on another runtime: $home_line"
ok "runs on the archive's runtime with its start-up cache ($home_line)"

out="$(clean "$muster" demo 2>&1)" || fail "muster demo exited $?: $out"
grep -q 'ok' <<< "$out" || fail "muster demo printed: $out"
ok "demo ($(wc -l <<< "$out") lines)"

if compgen -G "$tmp/home/.cache/muster/*.aot" >/dev/null || [[ -e "$tmp/home/.cache/muster/training.lock" ]]; then
  fail "the launcher trained a start-up cache on the user's machine: $(ls "$tmp/home/.cache/muster")"
fi
ok "no start-up cache trained or written under ~/.cache"

pages=("$root"/share/man/man1/*.1)
[[ ${#pages[@]} -ge 10 && -f "$root/share/man/man1/muster.1" && -f "$root/share/man/man1/muster-run.1" ]] \
  || fail "man pages missing: ${pages[*]}"
for page in "${pages[@]}"; do
  text="$(clean env MANPAGER=cat MANWIDTH=100 man -l "$page" 2>&1)" || fail "man -l $page exited $?"
  grep -q '^NAME' <<< "$text" && grep -q '^SYNOPSIS' <<< "$text" || fail "man -l $page rendered: $text"
  warnings="$(clean groff -man -Tutf8 -ww -z "$page" 2>&1)"
  [[ -z "$warnings" ]] || fail "groff warns on $page: $warnings"
done
ok "${#pages[@]} man pages render"

completion="$root/share/bash-completion/completions/muster"
out="$(clean bash -c "source '$completion' && complete -p muster")" || fail "completion did not load"
[[ "$out" == *"muster"* ]] || fail "complete -p muster printed: $out"
ok "bash completion loads: $out"

# install.sh into a prefix, then the installed command through its link, from another directory
clean "$root/install.sh" "$tmp/prefix" >/dev/null || fail "install.sh exited $?"
out="$(clean "$tmp/prefix/bin/muster" --version)" || fail "installed muster --version exited $?"
[[ "$out" == muster* ]] || fail "installed muster --version printed: $out"
out="$(clean env MUSTER_JAVA_OPTS=-XX:AOTMode=on "$tmp/prefix/bin/muster" hostset -c 'n[1-10]')" \
  || fail "installed muster with its start-up cache exited $?"
[[ "$out" == 10 ]] || fail "installed muster hostset -c printed: $out"
clean env MANPAGER=cat man -M "$tmp/prefix/share/man" muster-run >/dev/null 2>&1 || fail "man -M PREFIX/share/man muster-run"
[[ -f "$tmp/prefix/share/bash-completion/completions/muster" ]] || fail "completion not installed"
ok "install.sh PREFIX: bin/muster, man pages, completion"
echo "test-install: all passed ($archive, $(du -h "$archive" | cut -f1))"
