import { performance } from 'node:perf_hooks';
import { vi } from 'vitest';
import type { ContainerSummary } from '@tinystack/lxc-driver';
import { StrictLxcDriver } from '@tinystack/lxc-driver/test-support';
import { ComputeSettings } from '../config/compute.settings.js';
import { ManualTicker } from '../timing/testing/manual.ticker.js';
import { FULL_READ_EVERY_MS, InstanceInventory } from './instance-inventory.service.js';
import { InstanceLocks } from './instance-locks.js';

const AVAILABLE = { available: true, version: '5.0.2', reason: null };
const INTERVAL = 5000;
const settled = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

const web = (state: ContainerSummary['state'], ipv4: string[] = ['10.0.3.20']): ContainerSummary => ({ name: 'web', state, ipv4 });

describe('InstanceInventory between changes made through the API', () => {
  let driver: StrictLxcDriver;
  let ticker: ManualTicker;
  let inventory: InstanceInventory;

  beforeEach(async () => {
    driver = new StrictLxcDriver();
    ticker = new ManualTicker();
    const settings = Object.assign(new ComputeSettings(), { INVENTORY_INTERVAL_MS: INTERVAL });
    inventory = new InstanceInventory(driver, new InstanceLocks(), settings, ticker);
    driver.expect('checkAvailability', [], AVAILABLE).expect('finishInterruptedChanges', [], []).expect('list', [], [web('STOPPED', [])]);
    await inventory.onModuleInit();
  });

  afterEach(() => {
    inventory.onModuleDestroy();
    vi.restoreAllMocks();
    driver.verify();
  });

  /** One beat of the inventory's period, and the work it started. */
  async function look(): Promise<void> {
    ticker.fire(INTERVAL);
    await settled();
  }

  it('reads the list in full only when the cheap look at the lxcpath changed', async () => {
    driver.expect('listingFingerprint', [], 'web:1|').expect('list', [], [web('STOPPED', [])]);
    await look();
    driver.expect('listingFingerprint', [], 'web:1|');
    await look();
    driver.expect('listingFingerprint', [], 'web:1|');
    await look();
    expect(inventory.counts()).toEqual({ running: 0, total: 1 });

    // lxc-start in a shell: the container's command socket appears.
    driver.expect('listingFingerprint', [], 'web:1|@/lxc/web/command').expect('list', [], [web('RUNNING')]);
    await look();
    expect(inventory.counts()).toEqual({ running: 1, total: 1 });
    expect(inventory.runningCount()).toBe(1);
  });

  it('keeps reading in full while a container passes through a state or waits for its address', async () => {
    driver.expect('listingFingerprint', [], 'a').expect('list', [], [web('STARTING', [])]);
    await look();
    driver.expect('listingFingerprint', [], 'a').expect('list', [], [web('RUNNING', [])]);
    await look();
    driver.expect('listingFingerprint', [], 'a').expect('list', [], [web('RUNNING')]);
    await look();
    driver.expect('listingFingerprint', [], 'a');
    await look();
    expect(inventory.list()).toEqual([web('RUNNING')]);
  });

  it('reads in full after FULL_READ_EVERY_MS even when nothing seems to change (addresses, freezes)', async () => {
    let now = 1_000_000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    driver.expect('listingFingerprint', [], 'a').expect('list', [], [web('RUNNING')]);
    await look();
    now += FULL_READ_EVERY_MS - 1;
    driver.expect('listingFingerprint', [], 'a');
    await look();
    now += 2;
    driver.expect('listingFingerprint', [], 'a').expect('list', [], [{ ...web('FROZEN'), ipv4: ['10.0.3.21'] }]);
    await look();
    expect(inventory.list()).toEqual([{ name: 'web', state: 'FROZEN', ipv4: ['10.0.3.21'] }]);
  });

  it('reads in full when the look fails, and stops looking on shutdown', async () => {
    driver.expectFailure('listingFingerprint', [], new Error('EACCES')).expect('list', [], []);
    await look();
    expect(inventory.counts()).toEqual({ running: 0, total: 0 });

    inventory.onModuleDestroy();
    expect(ticker.registered).toBe(0);
  });
});
