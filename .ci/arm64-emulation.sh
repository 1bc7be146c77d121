#!/usr/bin/env bash
# Lets this x86-64 machine run the arm64 build (test/e2e/arm64-qemu.test.ts): Debian's
# qemu-user-static and the arm64 C and C++ runtimes, with qemu registered in binfmt_misc so
# arm64 ELF binaries run transparently. Idempotent; needs root. Anything it cannot do is said
# here, and the arm64 test then skips with a notice naming what is missing.
set -uo pipefail

warn() { echo "arm64 emulation: $*" >&2; }

if [ "$(id -u)" != 0 ]; then warn "not root: not installing"; exit 0; fi

if [ ! -x /usr/bin/qemu-aarch64-static ] || [ ! -e /lib/ld-linux-aarch64.so.1 ] ||
  [ ! -e /usr/lib/aarch64-linux-gnu/libstdc++.so.6 ]; then
  dpkg --add-architecture arm64
  if ! { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
    qemu-user-static libc6:arm64 libstdc++6:arm64; } >/tmp/arm64-emulation-apt.log 2>&1; then
    warn "apt-get could not install qemu-user-static libc6:arm64 libstdc++6:arm64 (see /tmp/arm64-emulation-apt.log)"
    exit 0
  fi
fi

if ! mountpoint -q /proc/sys/fs/binfmt_misc; then
  mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc || { warn "cannot mount binfmt_misc"; exit 0; }
fi
if [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
  cat /usr/lib/binfmt.d/qemu-aarch64.conf >/proc/sys/fs/binfmt_misc/register ||
    warn "cannot register qemu-aarch64 in binfmt_misc"
fi
echo "arm64 emulation: $(head -1 /proc/sys/fs/binfmt_misc/qemu-aarch64 2>/dev/null || echo 'not registered')"
