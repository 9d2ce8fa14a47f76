import { Injectable } from '@nestjs/common';
import type { Answer } from 'dns-packet';
import makeMdns from 'multicast-dns';
import { TINYSTACK_SERVICE_LABEL } from './dns-sd-boards.js';
import { MdnsBrowser } from './mdns-browser.js';

/**
 * MdnsBrowser over the multicast-dns package: it joins the mDNS group on
 * every interface (and on new ones as they appear). Packets that do not
 * name the service are dropped before they are decoded: a classroom's
 * phones and printers talk mDNS all day.
 */
@Injectable()
export class MulticastDnsBrowser extends MdnsBrowser {
  private mdns: makeMdns.MulticastDNS | null = null;

  override open(onResponse: (records: Answer[], from: string) => void): Promise<void> {
    const mdns = makeMdns({ reuseAddr: true, loopback: true });
    return new Promise<void>((resolve, reject) => {
      const failed = (error: Error) => {
        mdns.destroy();
        reject(error);
      };
      mdns.once('error', failed);
      mdns.once('ready', () => {
        mdns.removeListener('error', failed);
        mdns.on('response', (response, from) => {
          const records = [...(response.answers ?? []), ...(response.additionals ?? [])];
          if (records.some((record) => record.name.toLowerCase().includes(TINYSTACK_SERVICE_LABEL))) onResponse(records, from.address);
        });
        // A bad packet on the LAN is not the manager's problem.
        mdns.on('warning', () => undefined);
        this.mdns = mdns;
        resolve();
      });
    });
  }

  override query(serviceType: string): Promise<void> {
    const mdns = this.mdns;
    if (mdns === null) return Promise.resolve();
    return new Promise<void>((resolve, reject) =>
      mdns.query({ questions: [{ name: serviceType, type: 'PTR' }] }, (error: Error | null) => (error ? reject(error) : resolve())),
    );
  }

  override close(): Promise<void> {
    const mdns = this.mdns;
    this.mdns = null;
    if (mdns === null) return Promise.resolve();
    return new Promise<void>((resolve) => mdns.destroy(() => resolve()));
  }
}
