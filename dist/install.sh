#!/usr/bin/env bash
# Installs this unpacked muster archive under PREFIX (default ~/.local; /opt or /usr/local as root):
#   PREFIX/lib/muster-VERSION/                 the archive's tree (copied with times kept: the
#                                              start-up cache checks the jar's)
#   PREFIX/bin/muster                          a link to its bin/muster
#   PREFIX/share/man/man1/muster*.1            links to its man pages
#   PREFIX/share/bash-completion/completions/muster
# Usage: ./install.sh [PREFIX]. Uninstall: remove those paths.
set -euo pipefail
src="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
prefix="${1:-$HOME/.local}"
name="$(basename "$src")"
dest="$prefix/lib/$name"
mkdir -p "$prefix/lib" "$prefix/bin" "$prefix/share/man/man1" "$prefix/share/bash-completion/completions"
if [[ "$src" != "$dest" ]]; then
  rm -rf "$dest"
  cp -a "$src" "$dest"
fi
ln -sfn "$dest/bin/muster" "$prefix/bin/muster"
for page in "$dest"/share/man/man1/*.1; do
  ln -sfn "$page" "$prefix/share/man/man1/$(basename "$page")"
done
ln -sfn "$dest/share/bash-completion/completions/muster" "$prefix/share/bash-completion/completions/muster"
echo "muster installed in $dest; $prefix/bin/muster links to it"
case ":$PATH:" in *":$prefix/bin:"*) ;; *) echo "add $prefix/bin to PATH" ;; esac
