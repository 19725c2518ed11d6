cd -- /srv/app || exit 3
tar -x -p --no-same-owner -f - || exit 10
if got=$(sha256sum -- ./.muster-tmp-0000000000000001 ./css/.muster-tmp-0000000000000002 2>/dev/null); then [ "$got" = '41c7760c50efde99bf574ed8fffc7a6dd3405d546d3da929b214c8945acf8a97  ./.muster-tmp-0000000000000001
7d1a54127b222502f5b79b5fb0803061152a44f92b37e23c6527baf665d4da9a  ./css/.muster-tmp-0000000000000002' ]; else [ "$(openssl dgst -sha256 -r -- ./.muster-tmp-0000000000000001 ./css/.muster-tmp-0000000000000002)" = '41c7760c50efde99bf574ed8fffc7a6dd3405d546d3da929b214c8945acf8a97 *./.muster-tmp-0000000000000001
7d1a54127b222502f5b79b5fb0803061152a44f92b37e23c6527baf665d4da9a *./css/.muster-tmp-0000000000000002' ]; fi || { echo 'uploaded content does not match its SHA-256' >&2; exit 4; }
if command -v perl >/dev/null 2>&1; then
perl -e 'while (@ARGV) { my ($f, $t) = splice(@ARGV, 0, 2); rename($f, $t) or exit 8 }' -- ./.muster-tmp-0000000000000001 ./index.html ./css/.muster-tmp-0000000000000002 ./css/app.css || exit 8
else
mv -f -- ./.muster-tmp-0000000000000001 ./index.html || exit 8
mv -f -- ./css/.muster-tmp-0000000000000002 ./css/app.css || exit 8
fi
