import { isIPv4 } from 'node:net';
import type { Answer } from 'dns-packet';

/** The DNS-SD service type compute nodes announce (see the compute node's discovery). */
export const TINYSTACK_SERVICE = '_tinystack._tcp.local';
export const TINYSTACK_SERVICE_LABEL = '_tinystack';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const VERSION = /^[0-9A-Za-z.+-]{1,64}$/;

/** A board as one mDNS response describes it. */
export interface HeardBoard {
  computeId: string;
  label: string;
  port: number;
  addresses: string[];
  version: string | null;
  joined: boolean;
  /** 0: the board said goodbye. */
  ttl: number;
}

/**
 * The boards a response names: each PTR of the service type whose SRV and
 * TXT (with a valid id=) are in the same packet, as the boards send them;
 * their A records give the addresses. Anything malformed is left out.
 */
export function boardsIn(records: readonly Answer[]): HeardBoard[] {
  const named = (name: string, type: string) => records.filter((record) => record.type === type && record.name.toLowerCase() === name.toLowerCase());
  const boards: HeardBoard[] = [];
  for (const ptr of records) {
    if (ptr.type !== 'PTR' || ptr.name.toLowerCase() !== TINYSTACK_SERVICE || typeof ptr.data !== 'string') continue;
    const instance = ptr.data;
    const srv = named(instance, 'SRV')[0];
    const txt = named(instance, 'TXT')[0];
    if (srv?.type !== 'SRV' || txt?.type !== 'TXT') continue;
    const fields = txtFields(txt.data);
    const computeId = fields.get('id');
    const port = srv.data.port;
    if (computeId === undefined || !UUID.test(computeId) || !Number.isInteger(port) || port < 1 || port > 65535) continue;
    const version = fields.get('v');
    const addresses = named(srv.data.target, 'A').flatMap((record) => (record.type === 'A' && isIPv4(record.data) ? [record.data] : []));
    boards.push({
      computeId: computeId.toLowerCase(),
      label: instance.slice(0, instance.length - TINYSTACK_SERVICE.length - 1).slice(0, 63),
      port,
      addresses: [...new Set(addresses)],
      version: version !== undefined && VERSION.test(version) ? version : null,
      joined: fields.get('joined') === '1',
      ttl: Math.min(ptr.ttl ?? 0, srv.ttl ?? 0),
    });
  }
  return boards;
}

function txtFields(data: unknown): Map<string, string> {
  const strings = (Array.isArray(data) ? data : [data]).map((item) => (Buffer.isBuffer(item) ? item.toString('utf8') : String(item)));
  const fields = new Map<string, string>();
  for (const entry of strings) {
    const equals = entry.indexOf('=');
    if (equals > 0) fields.set(entry.slice(0, equals).toLowerCase(), entry.slice(equals + 1));
  }
  return fields;
}
