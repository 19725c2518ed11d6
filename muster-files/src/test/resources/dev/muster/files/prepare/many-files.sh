cd -- /srv/many || exit 3
tar -x -p --no-same-owner -f - || { rm -f ./MANIFEST; exit 10; }
m=$(cat ./MANIFEST); rm -f ./MANIFEST
want=$(printf '%s\n' "$m" | sed -n 's/^H \(.\{64\}\).*/\1/p')
got=$(printf '%s\n' "$m" | sed -n 's/^H .\{64\}  //p' | tr '\n' '\0' | xargs -0 sh -c 'openssl dgst -sha256 -r -- "$@" 2>/dev/null || sha256sum -- "$@"' sh | sed 's/^\\//' | cut -c1-64)
[ "$got" = "$want" ] || { echo 'uploaded content does not match its SHA-256' >&2; exit 4; }
