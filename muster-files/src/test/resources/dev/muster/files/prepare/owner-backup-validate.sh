cd -- /etc/nginx || exit 3
tar -x -p --no-same-owner -f - || { rm -f ./MANIFEST; exit 10; }
m=$(cat ./MANIFEST); rm -f ./MANIFEST
want=$(printf '%s\n' "$m" | sed -n 's/^H \(.\{64\}\).*/\1/p')
got=$(printf '%s\n' "$m" | sed -n 's/^H .\{64\}  //p' | tr '\n' '\0' | xargs -0 sh -c 'openssl dgst -sha256 -r -- "$@" 2>/dev/null || sha256sum -- "$@"' sh | sed 's/^\\//' | cut -c1-64)
[ "$got" = "$want" ] || { echo 'uploaded content does not match its SHA-256' >&2; exit 4; }
printf '%s\n' "$m" | sed -n 's/^C //p' | tr '\n' '\0' | xargs -0 chown -h -- www-data:adm || exit 5
ln -f -- ./nginx.conf './nginx.conf.~20261127T120000~' || exit 6
( nginx -t -c /etc/nginx/.muster-tmp-0000000000000001 ) || exit 7
( nginx -t -c /etc/nginx/sites/.muster-tmp-0000000000000002 ) || exit 7
if command -v perl >/dev/null 2>&1; then
perl -e 'while (@ARGV) { my ($f, $t) = splice(@ARGV, 0, 2); rename($f, $t) or exit 8 }' -- ./.muster-tmp-0000000000000001 ./nginx.conf ./sites/.muster-tmp-0000000000000002 ./sites/a.conf || exit 8
else
mv -f -- ./.muster-tmp-0000000000000001 ./nginx.conf || exit 8
mv -f -- ./sites/.muster-tmp-0000000000000002 ./sites/a.conf || exit 8
fi
