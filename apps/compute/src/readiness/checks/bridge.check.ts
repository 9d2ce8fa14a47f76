import { failed, passed, type CheckContext, type CheckResult, type ReadinessCheck } from '../readiness-check.js';

/** LXC's default container config (for root): it names the bridge new containers are linked to. */
export const LXC_DEFAULT_CONFIG = '/etc/lxc/default.conf';
const PROC_NET_UDP = '/proc/net/udp';
const DHCP_SERVER_PORT = 67;
const IFF_UP = 0x1;
/** What a network interface may be called (and nothing that leaves /sys/class/net). */
const INTERFACE_NAME = /^(?!\.\.?$)[A-Za-z0-9_.:-]{1,15}$/;
const LXC_NET_FIX = 'sudo systemctl enable --now lxc-net (Debian and Raspberry Pi OS), or sudo scripts/setup-host.sh';

/** The containers' bridge of the LXC default config is up, has an address and a DHCP server listens on it. */
export const BRIDGE_CHECK: ReadinessCheck = {
  name: 'bridge',
  run(context) {
    const config = context.files.readText(LXC_DEFAULT_CONFIG);
    const networkFix = `put lxc.net.0.type = veth, lxc.net.0.link = lxcbr0 and lxc.net.0.flags = up into ${LXC_DEFAULT_CONFIG}`;
    if (config === null) {
      return failed(`${LXC_DEFAULT_CONFIG}, LXC's default container config, cannot be read: new containers get no network`, `sudo apt-get install lxc (it writes the file), or ${networkFix}`);
    }
    const bridge = containerBridge(config);
    if (bridge === null) return failed(`${LXC_DEFAULT_CONFIG} links new containers to no bridge: they get no network and no address`, networkFix);
    if (!INTERFACE_NAME.test(bridge)) return failed(`${LXC_DEFAULT_CONFIG} names a bridge "${bridge}" that cannot be a network interface`, networkFix);
    return bridgeState(context, bridge);
  },
};

async function bridgeState(context: CheckContext, bridge: string): Promise<CheckResult> {
  if (!context.files.exists(`/sys/class/net/${bridge}/bridge`)) {
    const what = context.files.exists(`/sys/class/net/${bridge}`) ? 'is a network interface but no bridge' : 'does not exist';
    return failed(`${bridge}, the containers' bridge (${LXC_DEFAULT_CONFIG}), ${what}`, LXC_NET_FIX);
  }
  const flags = Number.parseInt(context.files.readText(`/sys/class/net/${bridge}/flags`)?.trim() ?? '', 16);
  if (!(flags & IFF_UP)) return failed(`${bridge}, the containers' bridge, is down`, `sudo ip link set ${bridge} up, or sudo systemctl restart lxc-net`);
  let addresses: string[];
  try {
    addresses = await context.host.ipv4Addresses(bridge);
  } catch (error) {
    return failed(`the addresses of ${bridge} cannot be read with ip: ${(error as Error).message}`, 'sudo apt-get install iproute2');
  }
  if (addresses.length === 0) return failed(`${bridge} is up but has no IPv4 address: containers cannot get one from it`, 'sudo systemctl restart lxc-net');
  if (!dhcpServerListens(context.files.readText(PROC_NET_UDP) ?? '', addresses)) {
    return failed(
      `${bridge} is up (${addresses.join(', ')}) but no DHCP server listens on it (UDP port ${DHCP_SERVER_PORT}): containers get no address, and busybox ones halt cleanly only after their lease`,
      `sudo systemctl restart lxc-net (it runs dnsmasq on ${bridge}), or sudo scripts/setup-host.sh`,
    );
  }
  return passed(`${bridge} is up (${addresses.join(', ')}) and a DHCP server listens on it`);
}

/** The bridge the first veth network of an LXC config links to (lxc.net.N, or LXC 2's lxc.network). */
export function containerBridge(config: string): string | null {
  const networks = new Map<string, { type?: string; link?: string }>();
  for (const line of config.split('\n')) {
    const match = /^\s*lxc\.(?:net\.(\d+)|network)\.(type|link)\s*=\s*(\S*)\s*$/.exec(line);
    if (!match) continue;
    const network = networks.get(match[1] ?? 'legacy') ?? {};
    network[match[2] as 'type' | 'link'] = match[3];
    networks.set(match[1] ?? 'legacy', network);
  }
  for (const network of networks.values()) if (network.type === 'veth' && network.link) return network.link;
  return null;
}

/**
 * Whether /proc/net/udp has a socket on the DHCP server port, bound to any
 * address or to one of `addresses` (dnsmasq binds 0.0.0.0:67 and picks its
 * interfaces itself). Addresses there are hexadecimal in the host's byte order.
 */
export function dhcpServerListens(procNetUdp: string, addresses: readonly string[]): boolean {
  const wanted = new Set(['00000000', ...addresses.map(hostOrderHex)]);
  return procNetUdp.split('\n').some((line) => {
    const local = /^\s*\d+:\s+([0-9A-F]{8}):([0-9A-F]{4})\s/i.exec(line);
    return local !== null && Number.parseInt(local[2]!, 16) === DHCP_SERVER_PORT && wanted.has(local[1]!.toUpperCase());
  });
}

function hostOrderHex(address: string): string {
  const octets = address.split('.').map((octet) => Number(octet).toString(16).padStart(2, '0').toUpperCase());
  return (isLittleEndian() ? octets.reverse() : octets).join('');
}

function isLittleEndian(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}
