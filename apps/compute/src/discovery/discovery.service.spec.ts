import { EventEmitter } from 'node:events';
import { hostname, type NetworkInterfaceInfo } from 'node:os';
import type { Answer } from 'dns-packet';
import { Logger } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { Subject } from 'rxjs';
import { vi } from 'vitest';
import type { JoinStatusDto } from '@tinystack/contracts';
import { ComputeSettings } from '../config/compute.settings.js';
import type { NodeIdentity } from '../health/node-identity.service.js';
import { HostSystem } from '../host/host-system.js';
import type { JoinService } from '../join/join.service.js';
import { strictFake } from '../led/testing/strict-fake.js';
import { ManualTicker } from '../timing/testing/manual.ticker.js';
import { DiscoveryService, INTERFACE_CHECK_MS } from './discovery.service.js';
import { announcementLabel } from './dns-sd-records.js';
import { MdnsTransport, type MdnsPeer, type MdnsQuery, type MdnsResponse } from './mdns.transport.js';

const NODE_ID = '3f1c2a9e-8d4b-4c1e-9a57-0b6d2f4e8c11';
const settled = () => new Promise((resolve) => setImmediate(resolve));
const dataOf = (record: Answer | undefined) => (record as { data?: unknown } | undefined)?.data;

class FakeTransport extends MdnsTransport {
  readonly sent: Array<{ response: MdnsResponse; to: { interfaceAddress: string } | { peer: MdnsPeer } }> = [];
  readonly groups: string[][] = [];
  concerns: readonly string[] = [];
  onQuery: ((query: MdnsQuery, from: MdnsPeer) => void) | null = null;
  openError: Error | null = null;
  closed = false;

  override async open(concerns: readonly string[], onQuery: (query: MdnsQuery, from: MdnsPeer) => void): Promise<void> {
    if (this.openError) throw this.openError;
    this.concerns = concerns;
    this.onQuery = onQuery;
  }
  override joinGroup(addresses: readonly string[]): void {
    this.groups.push([...addresses]);
  }
  override async send(response: MdnsResponse, to: { interfaceAddress: string } | { peer: MdnsPeer }): Promise<void> {
    this.sent.push({ response, to });
  }
  override async close(): Promise<void> {
    this.closed = true;
  }
}

class FakeHost extends HostSystem {
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = {
    eth0: [{ address: '10.0.0.21', family: 'IPv4', internal: false, cidr: '10.0.0.21/24', netmask: '255.255.255.0', mac: '', scopeid: 0 } as NetworkInterfaceInfo],
    wlan0: [{ address: '192.168.4.7', family: 'IPv4', internal: false, cidr: '192.168.4.7/24', netmask: '255.255.255.0', mac: '' } as NetworkInterfaceInfo],
  };
  override networkInterfaces(): NodeJS.Dict<NetworkInterfaceInfo[]> {
    return this.interfaces;
  }
  override freeBytes(): never {
    throw new Error('not for discovery');
  }
  override findProgram(): never {
    throw new Error('not for discovery');
  }
  override runProgram(): Promise<never> {
    throw new Error('not for discovery');
  }
  override ipv4Addresses(): Promise<never> {
    throw new Error('not for discovery');
  }
  override now(): never {
    throw new Error('not for discovery');
  }
  override buildTime(): never {
    throw new Error('not for discovery');
  }
}

describe('DiscoveryService', () => {
  let transport: FakeTransport;
  let host: FakeHost;
  let ticker: ManualTicker;
  let joinChanges: Subject<JoinStatusDto>;
  let server: EventEmitter & { listening: boolean; address: () => { port: number } };

  function create(overrides: Partial<ComputeSettings> = {}): DiscoveryService {
    const settings = Object.assign(new ComputeSettings(), overrides);
    const identity = strictFake<NodeIdentity>('NodeIdentity', { nodeId: NODE_ID });
    const join = strictFake<JoinService>('JoinService', {
      status: () => ({ managerUrl: null, state: 'not-configured', detail: '' }),
      changes$: joinChanges.asObservable(),
    });
    const adapterHost = { httpAdapter: { getHttpServer: () => server } } as unknown as HttpAdapterHost;
    return new DiscoveryService(settings, identity, join, transport, ticker, adapterHost, host);
  }

  beforeEach(() => {
    transport = new FakeTransport();
    host = new FakeHost();
    ticker = new ManualTicker();
    joinChanges = new Subject();
    server = Object.assign(new EventEmitter(), { listening: true, address: () => ({ port: 7001 }) });
    vi.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  const txt = (response: MdnsResponse) =>
    dataOf([...response.answers, ...(response.additionals ?? [])].find((record) => record.type === 'TXT')) as string[] | undefined;

  it('joins the mDNS group on its LAN addresses and announces twice, a second apart, out of each with its own address', async () => {
    vi.useFakeTimers();
    create().onApplicationBootstrap();
    await vi.advanceTimersByTimeAsync(0);

    expect(transport.groups).toEqual([['10.0.0.21', '192.168.4.7']]);
    expect(transport.sent.map((sent) => sent.to)).toEqual([{ interfaceAddress: '10.0.0.21' }, { interfaceAddress: '192.168.4.7' }]);
    const first = transport.sent[0]!.response;
    expect(first.answers.filter((record) => record.type === 'A').map(dataOf)).toEqual(['10.0.0.21']);
    expect(txt(first)).toEqual([`id=${NODE_ID}`, expect.stringMatching(/^v=\d/), 'joined=0']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(transport.sent).toHaveLength(4);
  });

  it('answers a query out of the interface on the querier\'s subnet, and a one-shot query back to its port', async () => {
    create().onApplicationBootstrap();
    await settled();
    transport.sent.length = 0;

    transport.onQuery!({ id: 0, questions: [{ name: '_tinystack._tcp.local', type: 'PTR' }] }, { address: '192.168.4.30', port: 5353 });
    await settled();
    expect(transport.sent.map((sent) => sent.to)).toEqual([{ interfaceAddress: '192.168.4.7' }]);
    expect(dataOf(transport.sent[0]!.response.additionals?.find((record) => record.type === 'A'))).toBe('192.168.4.7');

    transport.onQuery!({ id: 77, questions: [{ name: '_tinystack._tcp.local', type: 'PTR' }] }, { address: '10.0.0.5', port: 49152 });
    await settled();
    expect(transport.sent[1]).toMatchObject({ to: { peer: { address: '10.0.0.5', port: 49152 } }, response: { id: 77, questions: [{ name: '_tinystack._tcp.local' }] } });

    transport.onQuery!({ id: 0, questions: [{ name: 'printer.local', type: 'A' }] }, { address: '10.0.0.5', port: 5353 });
    await settled();
    expect(transport.sent).toHaveLength(2);
  });

  it('announces again when it joins a manager, and when an interface appears', async () => {
    create().onApplicationBootstrap();
    await settled();
    transport.sent.length = 0;

    joinChanges.next({ managerUrl: 'http://10.0.0.2:8080', state: 'joined', detail: '' });
    await settled();
    expect(transport.sent.map((sent) => txt(sent.response))).toEqual([expect.arrayContaining(['joined=1']), expect.arrayContaining(['joined=1'])]);

    transport.sent.length = 0;
    ticker.fire(INTERFACE_CHECK_MS);
    await settled();
    expect(transport.sent).toHaveLength(0);
    host.interfaces = { ...host.interfaces, usb0: [{ address: '172.16.0.9', family: 'IPv4', internal: false, cidr: '172.16.0.9/16' } as NetworkInterfaceInfo] };
    ticker.fire(INTERFACE_CHECK_MS);
    await settled();
    expect(transport.groups.at(-1)).toEqual(['10.0.0.21', '192.168.4.7', '172.16.0.9']);
    expect(transport.sent.map((sent) => sent.to)).toContainEqual({ interfaceAddress: '172.16.0.9' });
  });

  it('says goodbye with TTL 0 and closes the socket on shutdown', async () => {
    const service = create();
    service.onApplicationBootstrap();
    await settled();
    transport.sent.length = 0;

    await service.onModuleDestroy();

    expect(transport.sent).toHaveLength(2);
    for (const { response } of transport.sent) expect(response.answers.every((record) => (record as { ttl?: number }).ttl === 0)).toBe(true);
    expect(transport.closed).toBe(true);
  });

  it('runs without discovery, saying why in one line, when the socket cannot be opened', async () => {
    const warn = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    transport.openError = Object.assign(new Error('bind EADDRINUSE 0.0.0.0:5353'), { code: 'EADDRINUSE' });
    create().onApplicationBootstrap();
    await settled();

    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('Discovery is off: the mDNS socket (UDP 5353) cannot be opened (EADDRINUSE): bind EADDRINUSE 0.0.0.0:5353'));
    expect(transport.sent).toEqual([]);
  });

  it.each([
    ['DISCOVERY_ENABLED=false', { DISCOVERY_ENABLED: false }],
    ['a COMPUTE_HOST only this machine reaches', { COMPUTE_HOST: '127.0.0.1' }],
  ])('stays off with %s', async (_case, overrides) => {
    create(overrides).onApplicationBootstrap();
    await settled();
    expect(transport.onQuery).toBeNull();
  });

  it('waits for the node to listen before it announces its port', async () => {
    server.listening = false;
    create().onApplicationBootstrap();
    await settled();
    expect(transport.onQuery).toBeNull();
    server.emit('listening');
    await settled();
    expect(transport.concerns).toEqual(['_tinystack._tcp.local', '_services._dns-sd._udp.local', `${announcementLabel(hostname(), NODE_ID)}.local`]);
  });
});
