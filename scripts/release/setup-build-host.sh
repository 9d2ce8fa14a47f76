#!/usr/bin/env bash
# Prepares a Debian x86-64 machine to make TinyStack's release artefacts
# (npm run release) and to run the ARM ones under emulation (the smoke test,
# the benchmark), idempotently: compilers and cross compilers for the native
# addons, dpkg-deb, qemu-user registered with binfmt_misc. Build machines only:
# boards need none of this (their programs are in scripts/setup-host.sh).
#
# Every program the release build runs is listed with its package in
# scripts/release/build-programs.ts; a test fails when a package is missing
# from the list below.
set -euo pipefail

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

packages=(tar gzip dpkg git binutils gcc g++ make python3 python3-minimal gcc-aarch64-linux-gnu g++-aarch64-linux-gnu binutils-aarch64-linux-gnu gcc-arm-linux-gnueabihf g++-arm-linux-gnueabihf binutils-arm-linux-gnueabihf qemu-user-static binfmt-support util-linux mount)
missing=()
for package in "${packages[@]}"; do dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing from Debian's packages for the release build: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# qemu-user runs ARM programs through binfmt_misc; where systemd does not
# mount and fill it (containers, CI machines), do it here.
if [ ! -e /proc/sys/fs/binfmt_misc/register ]; then
  as_root mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
fi
for emulator in qemu-aarch64 qemu-arm; do
  if [ ! -e "/proc/sys/fs/binfmt_misc/$emulator" ]; then
    as_root update-binfmts --enable "$emulator"
  fi
done
echo "Build host ready: compilers for x64, arm64 and armv7, dpkg-deb, qemu-user for arm64 and armv7"
