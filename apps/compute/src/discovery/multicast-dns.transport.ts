import { createSocket, type Socket } from 'node:dgram';
import { Injectable } from '@nestjs/common';
import makeMdns from 'multicast-dns';
import { MdnsTransport, type MdnsPeer, type MdnsQuery, type MdnsResponse } from './mdns.transport.js';

export const MDNS_GROUP = '224.0.0.251';
export const MDNS_PORT = 5353;

/**
 * MdnsTransport over the multicast-dns package and a dgram socket of its own.
 * The package's own multicast handling is off (it would look at every network
 * interface every 5 s): the node joins the group on its LAN addresses itself,
 * and sets the outgoing interface per send.
 */
@Injectable()
export class MulticastDnsTransport extends MdnsTransport {
  private socket: Socket | null = null;
  private mdns: makeMdns.MulticastDNS | null = null;
  private readonly joined = new Set<string>();
  /** Sends go one after the other: the outgoing interface is a property of the socket. */
  private sending: Promise<void> = Promise.resolve();

  override open(concerns: readonly string[], onQuery: (query: MdnsQuery, from: MdnsPeer) => void): Promise<void> {
    const socket = createSocket({ type: 'udp4', reuseAddr: true });
    const labels = concerns.flatMap((name) => name.split('.').filter((label) => label !== 'local' && label !== ''));
    const needles = [...new Set(labels.flatMap((label) => [label, label.toLowerCase()]))].map((label) => Buffer.from(label, 'latin1'));
    // Packets that name none of our labels are dropped before the package decodes them.
    const emit = socket.emit.bind(socket) as (event: string, ...args: unknown[]) => boolean;
    socket.emit = ((event: string, ...args: unknown[]) => {
      if (event === 'message' && !needles.some((needle) => (args[0] as Buffer).includes(needle))) return false;
      return emit(event, ...args);
    }) as Socket['emit'];
    const mdns = makeMdns({ socket, port: MDNS_PORT, multicast: false });
    return new Promise<void>((resolve, reject) => {
      const failed = (error: Error) => {
        socket.close();
        reject(error);
      };
      mdns.once('error', failed);
      mdns.once('ready', () => {
        mdns.removeListener('error', failed);
        socket.setMulticastTTL(255);
        socket.setMulticastLoopback(true);
        mdns.on('query', (query, from) => onQuery({ id: query.id ?? 0, questions: query.questions ?? [] }, { address: from.address, port: from.port }));
        // A bad packet on the LAN is not this node's problem.
        mdns.on('warning', () => undefined);
        this.socket = socket;
        this.mdns = mdns;
        resolve();
      });
    });
  }

  override joinGroup(interfaceAddresses: readonly string[]): void {
    const socket = this.socket;
    if (socket === null) return;
    for (const address of interfaceAddresses) {
      if (this.joined.has(address)) continue;
      socket.addMembership(MDNS_GROUP, address);
      this.joined.add(address);
    }
  }

  override send(response: MdnsResponse, to: { interfaceAddress: string } | { peer: MdnsPeer }): Promise<void> {
    const next = this.sending.then(
      () =>
        new Promise<void>((resolve, reject) => {
          const { mdns, socket } = this;
          if (mdns === null || socket === null) return resolve();
          const done = (error: Error | null) => (error ? reject(error) : resolve());
          if ('peer' in to) {
            mdns.respond(response, { address: to.peer.address, port: to.peer.port }, done);
            return;
          }
          socket.setMulticastInterface(to.interfaceAddress);
          mdns.respond(response, { address: MDNS_GROUP, port: MDNS_PORT }, done);
        }),
    );
    this.sending = next.catch(() => undefined);
    return next;
  }

  override close(): Promise<void> {
    const mdns = this.mdns;
    this.mdns = null;
    this.socket = null;
    this.joined.clear();
    if (mdns === null) return Promise.resolve();
    return new Promise<void>((resolve) => mdns.destroy(() => resolve()));
  }
}
