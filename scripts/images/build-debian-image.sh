#!/usr/bin/env bash
# Builds a small Debian root filesystem (mmdebstrap --variant=minbase) from the
# Debian mirror this machine already uses, offline from the internet if that
# mirror is on the LAN, and imports it into the manager's image library:
#
#   scripts/images/build-debian-image.sh --name debian12 [--suite bookworm]
#       [--arch arm64] [--include "iproute2 ifupdown"] [--mirror URL]
#       [--output FILE] [--no-import]
#
# The mirror is the first "deb" line or deb822 URIs of /etc/apt/sources.list(.d)
# unless --mirror names one. The tarball is uncompressed (the boards unpack it;
# their cores are slow); the image's init is the Debian rootfs's /sbin/init
# when --include has systemd-sysv or sysvinit-core, else the node's default.
# A foreign --arch needs qemu-user-static and binfmt-support (mmdebstrap runs
# the target's maintainer scripts). It then runs
#   tinystack image import FILE --name NAME --arch ARCH --source debian
# with the CLI's usual TINYSTACK_URL / TINYSTACK_TOKEN (or its saved config).
#
# Needs root (or fakechroot/unshare as mmdebstrap allows: --mode is passed
# through with --mode=...). Not part of npm test: it downloads ~100 MB of
# packages from the mirror and takes minutes.
set -euo pipefail

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

name=""
suite=""
arch="$(dpkg --print-architecture)"
# An init is needed (minbase has none): sysvinit-core is the light one for a 1 GB board.
include="sysvinit-core ifupdown isc-dhcp-client iproute2 procps"
mirror=""
output=""
mode=""
import=true

usage() { sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --name) name="$2"; shift 2 ;;
    --suite) suite="$2"; shift 2 ;;
    --arch) arch="$2"; shift 2 ;;
    --include) include="$2"; shift 2 ;;
    --mirror) mirror="$2"; shift 2 ;;
    --output) output="$2"; shift 2 ;;
    --mode=*) mode="$1"; shift ;;
    --no-import) import=false; shift ;;
    -h|--help) usage 0 ;;
    *) echo "Unknown option: $1" >&2; usage 2 ;;
  esac
done

[ -n "$name" ] || { echo "--name is needed: the image's name in the library (e.g. debian12)" >&2; exit 2; }
[[ "$name" =~ ^[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$ ]] || { echo "--name must be 1 to 63 letters, digits or hyphens, starting with a letter" >&2; exit 2; }
case "$arch" in amd64|arm64|armhf|i386|riscv64) ;; *) echo "--arch must be amd64, arm64, armhf, i386 or riscv64 (got $arch)" >&2; exit 2 ;; esac
command -v mmdebstrap >/dev/null || { echo "mmdebstrap is missing: apt-get install mmdebstrap" >&2; exit 1; }

# The suite and mirror this machine's apt uses.
if [ -z "$mirror" ] || [ -z "$suite" ]; then
  read -r found_mirror found_suite < <(
    {
      grep -hE '^\s*deb\s' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk '{ i = 2; if ($2 ~ /^\[/) { while ($i !~ /\]$/) i++; i++ } print $i, $(i + 1) }' || true
      for file in /etc/apt/sources.list.d/*.sources; do
        [ -f "$file" ] || continue
        awk '/^URIs:/ { uri = $2 } /^Suites:/ { suite = $2 } /^$/ { if (uri && suite) { print uri, suite; done = 1; exit } } END { if (!done && uri && suite) print uri, suite }' "$file"
      done
    } | grep -v -e security -e updates | head -n 1
  ) || true
  mirror="${mirror:-${found_mirror:-}}"
  suite="${suite:-${found_suite:-}}"
fi
[ -n "$mirror" ] && [ -n "$suite" ] || { echo "No Debian mirror found in /etc/apt: pass --mirror URL and --suite NAME" >&2; exit 1; }

output="${output:-$PWD/$name-$arch.tar}"
echo "Building $name: Debian $suite ($arch, minbase + $include) from $mirror into $output"

args=(--variant=minbase --architectures="$arch" --format=tar)
[ -n "$include" ] && args+=(--include="${include// /,}")
[ -n "$mode" ] && args+=("$mode")
# eth0 (LXC's veth on the node's bridge) by DHCP at boot, as the busybox instances get it.
network_config="$(mktemp -d)"
trap 'rm -rf "$network_config"' EXIT
printf 'auto lo\niface lo inet loopback\n\nauto eth0\niface eth0 inet dhcp\n' > "$network_config/interfaces"
args+=(--customize-hook="copy-in $network_config/interfaces /etc/network")
# LXC stops an instance with SIGPWR: sysvinit's own inittab hands that to a powerfail
# script Debian no longer ships, so a stop would wait for its timeout and kill.
# This inittab halts cleanly on it (and keeps two consoles for lxc-console).
cat > "$network_config/inittab" <<'INITTAB'
id:2:initdefault:
si::sysinit:/etc/init.d/rcS
l0:0:wait:/etc/init.d/rc 0
l1:1:wait:/etc/init.d/rc 1
l2:2:wait:/etc/init.d/rc 2
l3:3:wait:/etc/init.d/rc 3
l4:4:wait:/etc/init.d/rc 4
l5:5:wait:/etc/init.d/rc 5
l6:6:wait:/etc/init.d/rc 6
ca:12345:ctrlaltdel:/sbin/shutdown -t1 -a -r now
pf::powerwait:/sbin/shutdown -t1 -h now
1:2345:respawn:/sbin/getty --noclear 38400 tty1
2:23:respawn:/sbin/getty 38400 tty2
INITTAB
case " $include " in *" sysvinit-core "*) args+=(--customize-hook="copy-in $network_config/inittab /etc") ;; esac
# Smaller: no documentation or locales on an SD card.
args+=(--dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*')
as_root mmdebstrap "${args[@]}" "$suite" "$output" "$mirror"
as_root chown "$(id -u):$(id -g)" "$output"
echo "Built $output ($(du -h "$output" | cut -f1))"

if [ "$import" = true ]; then
  here="$(cd "$(dirname "$0")/../.." && pwd)"
  node "$here/apps/cli/bin/tinystack.cjs" image import "$output" --name "$name" --arch "$arch" --source debian
fi
