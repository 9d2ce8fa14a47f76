import type { Answer, Question } from 'dns-packet';

/** The DNS-SD service type compute nodes announce and managers browse. */
export const TINYSTACK_SERVICE = '_tinystack._tcp.local';
/** DNS-SD's list of the service types on a LAN (RFC 6763, 9). */
export const SERVICE_TYPES = '_services._dns-sd._udp.local';
/** Seconds a listener may keep the records: short, so a board that is gone without a goodbye is forgotten soon. */
export const RECORD_TTL_SECONDS = 120;

/** What one compute node announces. */
export interface NodeAnnouncement {
  /** Unique on the LAN: "<hostname>-<first 8 characters of its id>" (every Pi is called raspberrypi out of the box). */
  label: string;
  port: number;
  /** The IPv4 addresses a manager may reach it at on this link. */
  addresses: readonly string[];
  nodeId: string;
  version: string;
  joined: boolean;
}

const instanceName = (announcement: NodeAnnouncement) => `${announcement.label}.${TINYSTACK_SERVICE}`;
const hostName = (announcement: NodeAnnouncement) => `${announcement.label}.local`;

/** A DNS label from a host name and a node id: letters, digits and hyphens, at most 63. */
export function announcementLabel(hostname: string, nodeId: string): string {
  const host = hostname.split('.')[0]!.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'tinystack';
  return `${host.slice(0, 54)}-${nodeId.slice(0, 8)}`.toLowerCase();
}

/** Every record of the announcement; `ttl` 0 says goodbye. */
export function announcementRecords(announcement: NodeAnnouncement, ttl = RECORD_TTL_SECONDS): { ptr: Answer; srv: Answer; txt: Answer; a: Answer[] } {
  const instance = instanceName(announcement);
  const host = hostName(announcement);
  return {
    ptr: { name: TINYSTACK_SERVICE, type: 'PTR', ttl, data: instance },
    srv: { name: instance, type: 'SRV', ttl, flush: true, data: { priority: 0, weight: 0, port: announcement.port, target: host } },
    txt: {
      name: instance,
      type: 'TXT',
      ttl,
      flush: true,
      data: [`id=${announcement.nodeId}`, `v=${announcement.version}`, `joined=${announcement.joined ? 1 : 0}`],
    },
    a: announcement.addresses.map((address) => ({ name: host, type: 'A' as const, ttl, flush: true, data: address })),
  };
}

/** An unsolicited announcement (or, with ttl 0, a goodbye): every record among the answers. */
export function announcementPacket(announcement: NodeAnnouncement, ttl = RECORD_TTL_SECONDS): { answers: Answer[] } {
  const { ptr, srv, txt, a } = announcementRecords(announcement, ttl);
  return { answers: [ptr, srv, txt, ...a] };
}

/**
 * What to answer to a query's questions, or null when none concerns this
 * node: the records asked for among the answers, the ones a browser needs
 * next (SRV, TXT, A after a PTR) among the additionals (RFC 6763, 12).
 */
export function answersFor(questions: readonly Question[], announcement: NodeAnnouncement): { answers: Answer[]; additionals: Answer[] } | null {
  const { ptr, srv, txt, a } = announcementRecords(announcement);
  const instance = instanceName(announcement).toLowerCase();
  const host = hostName(announcement).toLowerCase();
  const answers = new Set<Answer>();
  const additionals = new Set<Answer>();
  for (const question of questions) {
    const name = question.name.toLowerCase();
    // dns-packet decodes type 255 as "ANY", which its types leave out.
    const type = question.type as string;
    const any = type === 'ANY';
    if (name === TINYSTACK_SERVICE && (type === 'PTR' || any)) {
      answers.add(ptr);
      for (const record of [srv, txt, ...a]) additionals.add(record);
    } else if (name === SERVICE_TYPES && (type === 'PTR' || any)) {
      answers.add({ name: SERVICE_TYPES, type: 'PTR', ttl: RECORD_TTL_SECONDS, data: TINYSTACK_SERVICE });
    } else if (name === instance) {
      if (type === 'SRV' || any) answers.add(srv);
      if (type === 'TXT' || any) answers.add(txt);
      if (type === 'SRV' || any) for (const record of a) additionals.add(record);
    } else if (name === host && (type === 'A' || any)) {
      for (const record of a) answers.add(record);
    }
  }
  if (answers.size === 0) return null;
  for (const record of answers) additionals.delete(record);
  return { answers: [...answers], additionals: [...additionals] };
}
