#!/usr/bin/env bash
# Prepares a Debian machine to run TinyStack compute nodes, idempotently:
# the LXC tools, the busybox template's payload, and the lxcbr0 bridge with a
# DHCP server on it (what Debian's lxc-net service does where systemd runs it).
# Containers need the DHCP lease: busybox's init waits for it before it will
# honour a clean halt, and the API shows the address.
#
# Every program the code runs is listed with its package in
# libs/lxc-driver/src/host-programs.ts; a test fails when a package is missing
# from the list below. --for-tests also installs what the test suite needs
# (Debian's Chromium for the browser tests, mosquitto-clients for the MQTT
# example; TEST_PROGRAMS in host-programs.ts lists their programs).
set -euo pipefail

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

packages=(lxc busybox-static dnsmasq-base iproute2 rsync nftables tar)
test_packages=(chromium mosquitto-clients)
declare -A purpose=(
  [lxc]="the LXC tools"
  [busybox-static]="the busybox template's payload"
  [dnsmasq-base]="DHCP for the containers' bridge"
  [iproute2]="the ip tool that makes the bridge"
  [rsync]="what lxc-copy copies root filesystems with"
  [nftables]="the nft tool that forwards the board's ports to containers"
  [chromium]="the browser the console's tests drive"
  [mosquitto-clients]="mosquitto_sub and mosquitto_pub, which a test runs against the manager's MQTT broker as the README shows"
)
updated=false
# install_packages [apt-get options...] -- packages...: the ones not installed yet, saying what each is for.
install_packages() {
  local options=() missing=()
  while [ "$1" != "--" ]; do options+=("$1"); shift; done
  shift
  for package in "$@"; do dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing from Debian's packages:"
  for package in "${missing[@]}"; do echo "  $package: ${purpose[$package]}"; done
  if [ "$updated" = false ]; then as_root apt-get update -qq; updated=true; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${options[@]}" "${missing[@]}" >/dev/null
}
install_packages --no-install-recommends -- "${packages[@]}"
# Chromium with its recommended fonts, so that screenshots show text.
if [ "${1:-}" = "--for-tests" ]; then install_packages -- "${test_packages[@]}"; fi

bridge=lxcbr0
address=10.0.3.1
if [ -f /run/lxc/network_up ]; then
  echo "lxc-net already provides $bridge with DHCP"
  exit 0
fi
if ! ip link show "$bridge" >/dev/null 2>&1; then
  as_root ip link add "$bridge" type bridge
fi
if ! ip -4 addr show "$bridge" | grep -q "inet $address/"; then
  as_root ip addr add "$address/24" dev "$bridge"
fi
as_root ip link set "$bridge" up

pid_file=/run/tinystack-dnsmasq.pid
if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
  echo "DHCP on $bridge already running"
  exit 0
fi
as_root mkdir -p /var/lib/misc
as_root dnsmasq --conf-file=/dev/null -u nobody --strict-order --bind-interfaces \
  --pid-file="$pid_file" --listen-address "$address" \
  --dhcp-range 10.0.3.2,10.0.3.254 --dhcp-lease-max=253 --dhcp-no-override \
  --except-interface=lo --interface="$bridge" \
  --dhcp-leasefile=/var/lib/misc/dnsmasq.$bridge.leases --dhcp-authoritative
echo "Bridge $bridge ($address/24) with DHCP is ready"
