#!/usr/bin/env bash
# Builds the release archive: dist/target/muster-VERSION-linux-x64.tar.gz, which runs with no JDK
# on the machine. Run by `./mvnw -B -ntp -DskipTests -Prelease package` (muster-cli's release
# profile), or by hand after a build: dist/build.sh [path/to/muster.jar].
#
#   muster-VERSION/
#     bin/muster                 the repository's ./muster launcher, byte for byte (it finds
#                                runtime/ and lib/ next to itself)
#     lib/muster.jar             the shaded jar, without other platforms' native libraries
#     lib/muster.aot             the JDK AOT cache, trained here for this runtime and this jar
#     runtime/                   jlink: only the modules jdeps finds in the jar
#     share/man/man1/*.1         muster(1), muster-run(1), ... from the picocli definitions
#     share/bash-completion/completions/muster
#     install.sh                 copies the tree under PREFIX (default ~/.local) and links it
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jdk="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
jar="$(cd "$(dirname "${1:-$repo/muster-cli/target/muster.jar}")" && pwd)/$(basename "${1:-muster.jar}")"
out="${MUSTER_DIST_OUT:-$repo/dist/target}"
for tool in jlink jdeps java; do
  [[ -x "$jdk/bin/$tool" ]] || { echo "dist/build.sh: $jdk/bin/$tool not found (set JAVA_HOME to a JDK 25)" >&2; exit 3; }
done
[[ -f "$jar" ]] || { echo "dist/build.sh: $jar not built yet; run: ./mvnw -q -DskipTests package" >&2; exit 3; }
major=$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
[[ "${major%%.*}" -ge 25 ]] || { echo "dist/build.sh: needs JDK 25+ for the AOT cache (found $major)" >&2; exit 3; }

version=$("$jdk/bin/java" -cp "$jar" dev.muster.cli.Version | sed -n 's/^muster \([^ ]*\) .*/\1/p')
[[ -n "$version" ]] || { echo "dist/build.sh: cannot read the version from $jar" >&2; exit 1; }
name="muster-$version"
stage="$out/$name"
tarball="$out/$name-linux-x64.tar.gz"
rm -rf "$stage" "$tarball"
mkdir -p "$stage/bin" "$stage/lib" "$stage/share/man/man1" "$stage/share/bash-completion/completions"
start=$SECONDS
step() { echo "dist/build.sh: $* ($((SECONDS - start)) s)"; }

# the jar without other platforms' native libraries (linux-x64 only here)
"$jdk/bin/java" "$repo/dist/StripNatives.java" "$jar" "$stage/lib/muster.jar"
install -m 0755 "$repo/muster" "$stage/bin/muster"
install -m 0755 "$repo/dist/install.sh" "$stage/install.sh"

# Only the modules the jar uses (jdeps), plus jdk.crypto.ec where the JDK still has it (EC keys
# are looked up by name through JCA, which jdeps cannot see). jdeps reads every class of the big
# jar (~30 s on 2 cores): its answer is kept keyed by the jar's dependency set.
modules_cache="$out/.modules-$("$jdk/bin/jar" tf "$jar" | grep -v '^dev/muster/' | sha256sum | cut -c1-16)"
if [[ -f "$modules_cache" ]]; then
  modules=$(cat "$modules_cache")
else
  modules=$("$jdk/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release "${major%%.*}" "$jar")
  echo "$modules" > "$modules_cache"
fi
if "$jdk/bin/java" --list-modules | grep -q '^jdk.crypto.ec@'; then modules="$modules,jdk.crypto.ec"; fi
step "modules: $modules"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --compress=zip-6 --generate-cds-archive --output "$stage/runtime"
rm -f "$stage/runtime/lib/server/classes_nocoops.jsa"   # only for heaps over 32 GiB: the JVM runs without it there
step "runtime linked"

# The start-up cache, made with the archive's own runtime from the same training run the checkout's
# launcher uses (TrainCommand: hosts, run, push against an in-process fleet). Written in place:
# the JVM validates it against this runtime and lib/muster.jar's size and time, which tar keeps.
( cd "$stage" && HOME="$stage/.train-home" XDG_CACHE_HOME="$stage/.train-home" runtime/bin/java -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED \
    -XX:AOTCacheOutput=lib/muster.aot -Xlog:disable -Xlog:all=off -jar lib/muster.jar train >/dev/null )
rm -rf "$stage/.train-home"
[[ -f "$stage/lib/muster.aot" ]] || { echo "dist/build.sh: the AOT cache was not written" >&2; exit 1; }
step "AOT cache trained"

"$stage/runtime/bin/java" -cp "$stage/lib/muster.jar" dev.muster.cli.ManPages "$stage/share/man/man1" >/dev/null
home=$(mktemp -d)
(cd "$home" && HOME="$home" XDG_CACHE_HOME="$home" "$stage/bin/muster" completion bash) \
  > "$stage/share/bash-completion/completions/muster"
rm -rf "$home"
step "man pages and completion written"

# reproducible-ish: fixed owner, sorted names; mtimes kept (the AOT cache checks the jar's)
tar --sort=name --owner=0 --group=0 --numeric-owner -C "$out" -czf "$tarball" "$name"
step "wrote $tarball ($(du -h "$tarball" | cut -f1); unpacked $(du -sh "$stage" | cut -f1))"
