cd -- /etc/app || exit 3
tar -x -p --no-same-owner -f - || exit 10
if got=$(sha256sum -- ./.muster-tmp-0000000000000001 2>/dev/null); then [ "$got" = '72399361da6a7754fec986dca5b7cbaf1c810a28ded4abaf56b2106d06cb78b0  ./.muster-tmp-0000000000000001' ]; else [ "$(openssl dgst -sha256 -r -- ./.muster-tmp-0000000000000001)" = '72399361da6a7754fec986dca5b7cbaf1c810a28ded4abaf56b2106d06cb78b0 *./.muster-tmp-0000000000000001' ]; fi || { echo 'uploaded content does not match its SHA-256' >&2; exit 4; }
mv -f -- ./.muster-tmp-0000000000000001 ./app.conf || exit 8
