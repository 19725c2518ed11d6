cd -- /srv/big || exit 3
if got=$(openssl dgst -sha256 -r -- ./.muster-tmp-0000000000000001 2>/dev/null); then [ "$got" = '3619d194f69d90bf1d050a5cc27c02b6dec57e3211eca4e25e404e04bf3c04ba *./.muster-tmp-0000000000000001' ]; else [ "$(sha256sum -- ./.muster-tmp-0000000000000001)" = '3619d194f69d90bf1d050a5cc27c02b6dec57e3211eca4e25e404e04bf3c04ba  ./.muster-tmp-0000000000000001' ]; fi || { echo 'uploaded content does not match its SHA-256' >&2; exit 4; }
mv -f -- ./.muster-tmp-0000000000000001 ./blob.bin || exit 8
