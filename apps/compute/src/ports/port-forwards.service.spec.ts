import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContainerSummary } from '@tinystack/lxc-driver';
import { StrictLxcDriver } from '@tinystack/lxc-driver/test-support';
import { ComputeSettings } from '../config/compute.settings.js';
import { InstanceEvents } from '../instances/instance-events.js';
import { CoalescingTicker } from '../timing/coalescing.ticker.js';
import { InstanceInventory } from '../instances/instance-inventory.service.js';
import { InstanceLocks } from '../instances/instance-locks.js';
import { FirewallError, PortFirewall } from './port-firewall.js';
import { PortForwardStore } from './port-forward.store.js';
import { PortForwardsService } from './port-forwards.service.js';

/** Records every rules text; fails when told to. */
class RecordingFirewall extends PortFirewall {
  readonly applied: string[] = [];
  failWith: string | null = null;
  override async apply(rules: string): Promise<void> {
    if (this.failWith !== null) throw new FirewallError(this.failWith);
    this.applied.push(rules);
  }
}

const AVAILABLE = { available: true, version: '5.0.2', reason: null };
const running = (ipv4: string[]): ContainerSummary[] => [{ name: 'web1', state: 'RUNNING', ipv4 }];
const dnatTargets = (rules: string | undefined) => [...(rules ?? '').matchAll(/prerouting[\s\S]*?dnat to (\S+)/g)].map((match) => match[1]);

describe('PortForwardsService', () => {
  let dataDir: string;
  let driver: StrictLxcDriver;
  let inventory: InstanceInventory;
  let events: InstanceEvents;
  let firewall: RecordingFirewall;
  let service: PortForwardsService;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tinystack-ports-unit-'));
    const settings = Object.assign(new ComputeSettings(), { DATA_DIR: dataDir, PORT_RANGE: '20000-20001', INVENTORY_INTERVAL_MS: 3_600_000 });
    driver = new StrictLxcDriver().expect('checkAvailability', [], AVAILABLE).expect('finishInterruptedChanges', [], []).expect('list', [], running(['10.0.3.12']));
    inventory = new InstanceInventory(driver, new InstanceLocks(), settings, new CoalescingTicker());
    await inventory.onModuleInit();
    events = new InstanceEvents();
    firewall = new RecordingFirewall();
    service = new PortForwardsService(inventory, events, new PortForwardStore(settings), firewall, settings);
    await service.onModuleInit();
  });

  afterEach(() => {
    service.onModuleDestroy();
    inventory.onModuleDestroy();
    driver.verify();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("re-applies the rules when the instance comes back with another address", async () => {
    await service.add('web1', { containerPort: 80, protocol: 'tcp' });
    expect(dnatTargets(firewall.applied.at(-1))).toEqual(['10.0.3.12:80']);

    driver.expect('list', [], [{ name: 'web1', state: 'STOPPED', ipv4: [] }]).expect('list', [], running(['10.0.3.99']));
    await inventory.refresh();
    await new Promise((resolve) => setImmediate(resolve));
    expect(firewall.applied.at(-1)).toBe(`add table ip tinystack\ndelete table ip tinystack\n`);
    await inventory.refresh();
    await new Promise((resolve) => setImmediate(resolve));
    expect(dnatTargets(firewall.applied.at(-1))).toEqual(['10.0.3.99:80']);
    expect(service.list('web1')).toEqual([{ hostPort: 20000, containerPort: 80, protocol: 'tcp' }]);
  });

  it('changes nothing, saved or applied, when the firewall refuses', async () => {
    firewall.failWith = 'nftables is not installed on this board: apt-get install nftables';
    await expect(service.add('web1', { containerPort: 80, protocol: 'tcp' })).rejects.toThrow('apt-get install nftables');
    expect(service.list('web1')).toEqual([]);
    expect(() => readFileSync(join(dataDir, 'ports.json'))).toThrow();
  });

  it('picks the lowest free port, refuses when the range is full, and moves the forwards with a rename', async () => {
    await service.add('web1', { containerPort: 80, protocol: 'tcp' });
    await expect(service.add('web1', { containerPort: 81, protocol: 'tcp' })).resolves.toMatchObject({ hostPort: 20001 });
    await expect(service.add('web1', { containerPort: 82, protocol: 'tcp' })).rejects.toThrow('Every tcp port of PORT_RANGE 20000-20001 is taken');
    await expect(service.add('web1', { containerPort: 53, protocol: 'udp' })).resolves.toMatchObject({ hostPort: 20000 });

    driver.expect('list', [], [{ name: 'web2', state: 'RUNNING', ipv4: ['10.0.3.12'] }]);
    inventory.forget('web1');
    inventory.record({ name: 'web2', state: 'RUNNING', ipv4: ['10.0.3.12'] });
    events.emit({ type: 'renamed', from: 'web1', to: 'web2' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(service.list('web2')).toHaveLength(3);
    expect(JSON.parse(readFileSync(join(dataDir, 'ports.json'), 'utf8')).forwards.map((forward: { instance: string }) => forward.instance)).toEqual(['web2', 'web2', 'web2']);
    await inventory.refresh();
  });
});
