import { networkInterfaces } from 'node:os';
import { InvalidBaseUrlError, normaliseBaseUrl } from '@tinystack/contracts';

const LOOPBACK_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;

/** The IPv4 addresses of this machine's network interfaces other than loopback, in the order the system lists them. */
export function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .flatMap((entry) => (entry && entry.family === 'IPv4' && !entry.internal ? [entry.address] : []));
}

/**
 * Where boards reach this manager, for the command that comes with a join
 * token: MANAGER_ADVERTISE_URL when set; else the address the request came
 * to (its Host header), except that a loopback address (the console opened
 * on the manager's own machine) becomes the machine's first LAN address:
 * 127.0.0.1 on a board is the board itself.
 */
export function managerAddressForBoards(request: { protocol: string; host: string | undefined }, advertiseUrl: string | undefined, listenPort: number, lan: readonly string[] = lanAddresses()): string {
  if (advertiseUrl !== undefined) return normaliseBaseUrl(advertiseUrl, 'MANAGER_ADVERTISE_URL');
  const protocol = request.protocol === 'https' ? 'https' : 'http';
  let url: URL | null = null;
  try {
    url = new URL(normaliseBaseUrl(`${protocol}://${request.host ?? ''}`, 'the Host header'));
  } catch (error) {
    if (!(error instanceof InvalidBaseUrlError)) throw error;
  }
  if (url !== null && !LOOPBACK_HOST.test(url.hostname)) return `${url.protocol}//${url.host}`;
  const port = url === null ? `:${listenPort}` : url.port ? `:${url.port}` : '';
  const host = lan[0] ?? url?.hostname ?? '127.0.0.1';
  return normaliseBaseUrl(`${protocol}://${host}${port}`, 'the manager URL');
}

/** What to type on a board so that it joins: its own sub-command, run as root (it writes /var/lib/tinystack). */
export function joinCommand(managerUrl: string, token: string): string {
  return `sudo tinystack-compute join ${managerUrl} ${token}`;
}
