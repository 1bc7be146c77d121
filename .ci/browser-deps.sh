#!/usr/bin/env bash
# Debian's headless Chromium (and a font), for the live view's browser test
# (test/liveview/browser.test.ts, driven by playwright-core). Idempotent; installs with apt-get as root.
set -euo pipefail

if [ -x /usr/bin/chromium-headless-shell ]; then
  echo "browser: $(dpkg-query -W -f='${Package} ${Version}' chromium-headless-shell 2>/dev/null || echo chromium-headless-shell)"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "browser: needs chromium-headless-shell (apt-get install chromium-headless-shell as root)" >&2
  exit 1
fi
apt-get update -q >/tmp/browser-apt.log 2>&1
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium-headless-shell fonts-dejavu-core >>/tmp/browser-apt.log 2>&1 || {
  echo "browser: apt-get could not install chromium-headless-shell (see /tmp/browser-apt.log)" >&2
  exit 1
}
echo "browser: installed $(dpkg-query -W -f='${Package} ${Version}' chromium-headless-shell)"
