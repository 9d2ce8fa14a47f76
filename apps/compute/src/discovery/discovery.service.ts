import { hostname } from 'node:os';
import type { AddressInfo } from 'node:net';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Subscription } from 'rxjs';
import { ComputeSettings } from '../config/compute.settings.js';
import { NodeIdentity } from '../health/node-identity.service.js';
import { HostSystem } from '../host/host-system.js';
import { PACKAGE_VERSION } from '../health/package-version.js';
import { JoinService } from '../join/join.service.js';
import { Ticker } from '../timing/ticker.js';
import { announcementLabel, announcementPacket, answersFor, SERVICE_TYPES, TINYSTACK_SERVICE, type NodeAnnouncement } from './dns-sd-records.js';
import { inSubnet, lanAddresses, type LanAddress } from './lan-addresses.js';
import { MdnsTransport, type MdnsPeer, type MdnsQuery } from './mdns.transport.js';
import { MDNS_PORT } from './multicast-dns.transport.js';

/** Network interfaces come and go (Wi-Fi, a DHCP lease after boot): looked at again this often. */
export const INTERFACE_CHECK_MS = 60_000;
/** An announcement goes out twice, a second apart (RFC 6762, 8.3): one packet may be lost. */
const REPEAT_AFTER_MS = 1000;

/**
 * Announces this compute node on the LAN with mDNS/DNS-SD, no system daemon
 * needed: `_tinystack._tcp.local` with its id, version and whether it has
 * joined a manager (TXT id, v, joined), its port (SRV) and its LAN addresses
 * (A). Answers queries for it, announces again when `joined` changes or an
 * interface appears, and says goodbye on shutdown. DISCOVERY_ENABLED=false
 * turns it off; so does a COMPUTE_HOST nobody on the LAN can reach, and a
 * socket that cannot be opened (one line in the log).
 */
@Injectable()
export class DiscoveryService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Discovery');
  private addresses: LanAddress[] = [];
  private port: number | null = null;
  private joined = false;
  private open = false;
  private subscription: Subscription | null = null;
  private stopTimer: (() => void) | null = null;
  private repeat: NodeJS.Timeout | null = null;

  constructor(
    @Inject(ComputeSettings) private readonly settings: ComputeSettings,
    private readonly identity: NodeIdentity,
    private readonly join: JoinService,
    private readonly transport: MdnsTransport,
    private readonly ticker: Ticker,
    private readonly adapterHost: HttpAdapterHost,
    private readonly host: HostSystem,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.settings.DISCOVERY_ENABLED) return;
    const host = this.settings.COMPUTE_HOST;
    if (host === '127.0.0.1' || host === '::1' || host === 'localhost') {
      this.logger.log(`Discovery is off: COMPUTE_HOST=${host} cannot be reached from the LAN`);
      return;
    }
    const server = this.adapterHost.httpAdapter?.getHttpServer() as import('node:http').Server | undefined;
    if (server === undefined) return;
    const start = () => void this.start((server.address() as AddressInfo).port);
    if (server.listening) start();
    else server.once('listening', start);
  }

  async onModuleDestroy(): Promise<void> {
    this.subscription?.unsubscribe();
    this.stopTimer?.();
    if (this.repeat !== null) clearTimeout(this.repeat);
    if (!this.open) return;
    this.open = false;
    // A goodbye (TTL 0), so that managers forget the board now rather than in two minutes.
    await this.announce(0).catch(() => undefined);
    await this.transport.close();
  }

  /** What the node announces now. */
  announcement(addresses: readonly string[] = this.addresses.map((entry) => entry.address)): NodeAnnouncement {
    return {
      label: announcementLabel(hostname(), this.identity.nodeId),
      port: this.port ?? this.settings.COMPUTE_PORT,
      addresses,
      nodeId: this.identity.nodeId,
      version: PACKAGE_VERSION,
      joined: this.joined,
    };
  }

  private async start(port: number): Promise<void> {
    this.port = port;
    this.joined = this.join.status().state === 'joined';
    const label = announcementLabel(hostname(), this.identity.nodeId);
    try {
      await this.transport.open([TINYSTACK_SERVICE, SERVICE_TYPES, `${label}.local`], (query, from) => void this.answer(query, from));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      this.logger.warn(
        `Discovery is off: the mDNS socket (UDP ${MDNS_PORT}) cannot be opened${code ? ` (${code})` : ''}: ${(error as Error).message}. ` +
          'The node works without it; a manager adds it by its address',
      );
      return;
    }
    this.open = true;
    this.refreshInterfaces(true);
    this.logger.log(
      `Announcing ${label}.${TINYSTACK_SERVICE} on the LAN (${this.addresses.map((entry) => entry.address).join(', ') || 'no LAN address yet'}); DISCOVERY_ENABLED=false turns it off`,
    );
    this.subscription = this.join.changes$.subscribe((status) => {
      const joined = status.state === 'joined';
      if (joined === this.joined) return;
      this.joined = joined;
      void this.announceTwice();
    });
    this.stopTimer = this.ticker.every(INTERFACE_CHECK_MS, () => this.refreshInterfaces(false));
  }

  private refreshInterfaces(first: boolean): void {
    if (!this.open) return;
    const current = lanAddresses(this.host.networkInterfaces(), this.settings.COMPUTE_HOST);
    const changed = current.map((entry) => entry.cidr).join(',') !== this.addresses.map((entry) => entry.cidr).join(',');
    this.addresses = current;
    try {
      this.transport.joinGroup(current.map((entry) => entry.address));
    } catch (error) {
      this.logger.warn(`Could not join the mDNS group on ${current.map((entry) => entry.address).join(', ')}: ${(error as Error).message}`);
    }
    if (first || changed) void this.announceTwice();
  }

  private async announceTwice(): Promise<void> {
    await this.announce().catch((error: unknown) => this.logger.warn(`Could not announce the node: ${(error as Error).message}`));
    if (this.repeat !== null) clearTimeout(this.repeat);
    this.repeat = setTimeout(() => void this.announce().catch(() => undefined), REPEAT_AFTER_MS);
    this.repeat.unref();
  }

  /** The whole record set out of every LAN interface, each with its own address. */
  private async announce(ttl?: number): Promise<void> {
    for (const entry of this.addresses) {
      await this.transport.send(announcementPacket(this.announcement([entry.address]), ttl), { interfaceAddress: entry.address });
    }
  }

  private async answer(query: MdnsQuery, from: MdnsPeer): Promise<void> {
    if (!this.open) return;
    const local = this.addresses.filter((entry) => inSubnet(from.address, entry.cidr));
    const via = local.length > 0 ? local : this.addresses;
    try {
      if (from.port !== MDNS_PORT) {
        // A one-shot query from another port wants its answer back, with its id and questions (RFC 6762, 6.7).
        const response = answersFor(query.questions, this.announcement(via.map((entry) => entry.address)));
        if (response !== null) await this.transport.send({ id: query.id, questions: query.questions, ...response }, { peer: from });
        return;
      }
      for (const entry of via) {
        const response = answersFor(query.questions, this.announcement([entry.address]));
        if (response !== null) await this.transport.send(response, { interfaceAddress: entry.address });
      }
    } catch (error) {
      this.logger.warn(`Could not answer an mDNS query from ${from.address}: ${(error as Error).message}`);
    }
  }
}
