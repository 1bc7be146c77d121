#!/usr/bin/env bash
# The C compiler and libjpeg-turbo headers that `npm run bench` builds its libjpeg-turbo
# reference with (scripts/bench/reference/jpeg-reference.ts), and that
# test/bench/jpeg-reference.test.ts builds it with. Idempotent; installs with apt-get as root.
set -euo pipefail

if command -v cc >/dev/null && [ -e /usr/include/jpeglib.h ]; then
  echo "bench reference: $(cc --version | head -1), $(dpkg-query -W -f='${Package} ${Version}' libjpeg62-turbo-dev 2>/dev/null || echo 'jpeglib.h present')"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "bench reference: needs gcc and libjpeg62-turbo-dev (apt-get install gcc libjpeg62-turbo-dev as root)" >&2
  exit 1
fi
apt-get update -q >/tmp/bench-reference-apt.log 2>&1
DEBIAN_FRONTEND=noninteractive apt-get install -y -q gcc libjpeg62-turbo-dev >>/tmp/bench-reference-apt.log 2>&1 || {
  echo "bench reference: apt-get could not install gcc libjpeg62-turbo-dev (see /tmp/bench-reference-apt.log)" >&2
  exit 1
}
echo "bench reference: installed gcc libjpeg62-turbo-dev"
