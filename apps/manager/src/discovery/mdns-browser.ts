import type { Answer } from 'dns-packet';

/**
 * Port for the manager's multicast DNS socket (UDP 5353, group 224.0.0.251):
 * queries out, every response on the LAN in (answers to its queries and the
 * boards' own announcements).
 */
export abstract class MdnsBrowser {
  /** Binds the socket; rejects with the reason when it cannot. */
  abstract open(onResponse: (records: Answer[], from: string) => void): Promise<void>;
  /** Asks the LAN for every instance of the service type. */
  abstract query(serviceType: string): Promise<void>;
  abstract close(): Promise<void>;
}
