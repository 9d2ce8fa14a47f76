import { BadRequestException, GatewayTimeoutException, InternalServerErrorException } from '@nestjs/common';
import { InstanceAction, NO_INSTANCE_LIMITS } from '@tinystack/contracts';
import {
  ContainerBeingCreatedError,
  ContainerExistsError,
  ContainerNotFoundError,
  LxcCommandError,
  LxcTimeoutError,
  LxcUnavailableError,
  type ContainerDetails,
} from '@tinystack/lxc-driver';
import { StrictLxcDriver } from '@tinystack/lxc-driver/test-support';
import { recordLogs, type RecordedLogs } from '../../../../libs/api-kit/src/logging/test-support/recorded-logs.js';
import { ComputeSettings } from '../config/compute.settings.js';
import { CoalescingTicker } from '../timing/coalescing.ticker.js';
import { InstanceFiguresSampler } from '../sampling/instance-figures.service.js';
import { InstanceEvents } from './instance-events.js';
import { InstanceInventory } from './instance-inventory.service.js';
import { InstanceLocks } from './instance-locks.js';
import { InstanceSettings } from './instance-settings.service.js';
import { InstancesService } from './instances.service.js';
import type { ImageCache } from '../images/image-cache.service.js';

/** Limits and autostart are InstanceSettings' (its own tests); these tests are about changes. */
const NOT_LIMITED = {
  read: () => Promise.resolve({ limits: NO_INSTANCE_LIMITS, autostart: false }),
  readOrNone: () => Promise.resolve({ limits: NO_INSTANCE_LIMITS, autostart: false }),
  applied: () => undefined,
  renamed: () => undefined,
} as unknown as InstanceSettings;
/** Creates from images are the images tests'. */
const NO_IMAGES = {} as ImageCache;

/** The figures of instances are InstanceFiguresSampler's (sampling/); these tests are about changes. */
const NOT_SAMPLED = { figuresOf: () => ({ cpuPercent: null, memoryBytes: null }) } as unknown as InstanceFiguresSampler;

const AVAILABLE = { available: true, version: '5.0.2', reason: null };

/** Lets the background inventory refresh that follows every change run. */
const backgroundRefresh = () => new Promise((resolve) => setImmediate(() => setImmediate(resolve)));

/** A promise the test settles by hand, to hold a driver call open. */
function gate<T = void>() {
  let open!: (value: T) => void;
  const opened = new Promise<T>((resolve) => (open = resolve));
  return { opened, open };
}

function details(name: string, state: ContainerDetails['state'], pid: number | null = null): ContainerDetails {
  return { name, state, ipv4: [], pid, cpuTimeNs: null, memoryBytes: null, blkioBytes: null, networkRxBytes: null, networkTxBytes: null };
}

describe('InstancesService', () => {
  let driver: StrictLxcDriver;
  let locks: InstanceLocks;
  let inventory: InstanceInventory;
  let service: InstancesService;
  let logs: RecordedLogs;
  const settings = Object.assign(new ComputeSettings(), { LXC_TEMPLATES: ['busybox', 'alpine'], LXC_STOP_TIMEOUT_S: 7 });

  /** The lines about instance changes, as [level, message], the duration (which varies) as <duration>. */
  const changeLines = () =>
    logs
      .records()
      .filter((record) => record['context'] === 'Instances')
      .map((record) => [
        record['level'],
        String(record['message']).replace(/(done in|failed after) [\d.]+ m?s/, '$1 <duration>'),
      ]);

  beforeEach(async () => {
    logs = recordLogs();
    driver = new StrictLxcDriver();
    locks = new InstanceLocks();
    inventory = new InstanceInventory(driver, locks, settings, new CoalescingTicker());
    driver.expect('checkAvailability', [], AVAILABLE).expect('finishInterruptedChanges', [], []).expect('list', [], []);
    await inventory.onModuleInit();
    service = new InstancesService(driver, inventory, locks, settings, new InstanceEvents(), NOT_SAMPLED, NOT_LIMITED, NO_IMAGES);
  });

  afterEach(() => {
    inventory.onModuleDestroy();
    logs.stop();
    driver.verify();
  });

  it('creates from the default template, starts when asked, and records the instance before answering', async () => {
    driver
      .expect('create', [{ name: 'web1', template: 'busybox' }])
      .expect('start', ['web1'])
      .expect('get', ['web1'], details('web1', 'RUNNING', 42))
      .expect('list', [], [{ name: 'web1', state: 'RUNNING', ipv4: [] }]);

    const created = await service.create({ name: 'web1', start: true });

    expect(created).toMatchObject({ id: 'web1', state: 'RUNNING', pid: 42 });
    expect(inventory.counts()).toEqual({ running: 1, total: 1 });
    expect(changeLines()).toEqual([['info', 'create "web1" (template busybox, then start): done in <duration>']]);
    expect(logs.records().find((record) => record['context'] === 'Instances')).toMatchObject({
      action: 'create',
      instance: 'web1',
      result: 'done',
      durationMs: expect.any(Number),
    });
    await backgroundRefresh();
  });

  it('refuses a template outside the allow-list before touching LXC', async () => {
    const attempt = service.create({ name: 'web1', template: 'ubuntu' });
    await expect(attempt).rejects.toBeInstanceOf(BadRequestException);
    await expect(attempt).rejects.toThrow('template "ubuntu" is not offered by this node; allowed: busybox, alpine');
    expect(changeLines()).toEqual([]);
  });

  it('passes a conflict through and still re-reads the inventory', async () => {
    driver
      .expectFailure('create', [{ name: 'web1', template: 'alpine' }], new ContainerExistsError('web1'))
      .expect('list', [], [{ name: 'web1', state: 'STOPPED', ipv4: [] }]);
    await expect(service.create({ name: 'web1', template: 'alpine' })).rejects.toBeInstanceOf(ContainerExistsError);
    await backgroundRefresh();
    expect(inventory.counts()).toEqual({ running: 0, total: 1 });
    expect(changeLines()).toEqual([
      ['warn', 'create "web1" (template alpine): failed after <duration>: An instance named "web1" already exists'],
    ]);
  });

  it("stops with the node's default grace period unless the request gives one", async () => {
    driver
      .expect('stop', ['web1', { force: false, timeoutSeconds: 7 }])
      .expect('get', ['web1'], details('web1', 'STOPPED'))
      .expect('list', [], [])
      .expect('stop', ['web1', { force: true, timeoutSeconds: 3 }])
      .expect('get', ['web1'], details('web1', 'STOPPED'))
      .expect('list', [], []);
    await service.act('web1', { action: InstanceAction.STOP });
    await backgroundRefresh();
    await service.act('web1', { action: InstanceAction.STOP, force: true, timeoutSeconds: 3 });
    await backgroundRefresh();
    expect(changeLines()).toEqual([
      ['info', 'stop "web1" (grace 7 s): done in <duration>'],
      ['info', 'stop "web1" (force): done in <duration>'],
    ]);
  });

  it('turns a hung command into a 504 that says what state the container was left in', async () => {
    driver
      .expectFailure('start', ['web1'], new LxcTimeoutError('lxc-start did not finish within 30 s'))
      .expect('get', ['web1'], details('web1', 'STOPPED'))
      .expect('list', [], []);
    const attempt = service.act('web1', { action: InstanceAction.START });
    await expect(attempt).rejects.toBeInstanceOf(GatewayTimeoutException);
    await expect(attempt).rejects.toThrow(
      'lxc-start did not finish within 30 s; after the start attempt the instance is STOPPED',
    );
    await backgroundRefresh();
    expect(changeLines()).toEqual([
      [
        'warn',
        'start "web1": failed after <duration>: lxc-start did not finish within 30 s; after the start attempt the instance is STOPPED',
      ],
    ]);
  });

  it('logs renames and deletes with their outcome, one line each', async () => {
    driver
      .expect('rename', ['web1', 'web2'])
      .expect('get', ['web2'], details('web2', 'STOPPED'))
      .expect('list', [], [{ name: 'web2', state: 'STOPPED', ipv4: [] }])
      .expect('destroy', ['web2', { force: true }])
      .expect('list', [], []);
    await service.rename('web1', 'web2');
    await backgroundRefresh();
    await service.remove('web2', true);
    await backgroundRefresh();
    expect(changeLines()).toEqual([
      ['info', 'rename "web1" to "web2": done in <duration>'],
      ['info', 'delete "web2" (force): done in <duration>'],
    ]);
  });

  it('answers a rename to the same name with the instance, changing nothing', async () => {
    driver.expect('get', ['web1'], details('web1', 'STOPPED'));
    await expect(service.rename('web1', 'web1')).resolves.toMatchObject({ id: 'web1' });
    expect(changeLines()).toEqual([]);
  });

  it('refuses every operation with LxcUnavailableError when LXC is missing', async () => {
    const missing = { available: false, version: null, reason: 'LXC is not installed: apt-get install lxc busybox-static' };
    const bareDriver = new StrictLxcDriver()
      .expect('checkAvailability', [], missing)
      .expectFailure('list', [], new LxcUnavailableError(missing.reason));
    const bareLocks = new InstanceLocks();
    const bareInventory = new InstanceInventory(bareDriver, bareLocks, settings, new CoalescingTicker());
    await bareInventory.onModuleInit();
    const bare = new InstancesService(bareDriver, bareInventory, bareLocks, settings, new InstanceEvents(), NOT_SAMPLED, NOT_LIMITED, NO_IMAGES);

    await expect(bare.list()).rejects.toThrow(LxcUnavailableError);
    await expect(bare.create({ name: 'web1' })).rejects.toThrow('apt-get install lxc busybox-static');
    await expect(bare.get('web1')).rejects.toBeInstanceOf(LxcUnavailableError);
    expect(changeLines()).toEqual([]);
    bareInventory.onModuleDestroy();
    bareDriver.verify();
  });

  describe('while a create is in progress', () => {
    it('answers a read with "is being created" without touching LXC, and a settled read with the outcome', async () => {
      const lxcCreate = gate();
      driver
        .expect('create', [{ name: 'web1', template: 'busybox' }], lxcCreate.opened)
        .expect('get', ['web1'], details('web1', 'STOPPED'))
        .expect('get', ['web1'], details('web1', 'STOPPED'))
        .expect('list', [], [{ name: 'web1', state: 'STOPPED', ipv4: [] }]);
      const creating = service.create({ name: 'web1' });
      await backgroundRefresh();

      const read = service.get('web1');
      await expect(read).rejects.toEqual(new ContainerBeingCreatedError('web1'));
      await expect(read).rejects.toThrow('Instance "web1" is being created');
      let settledAnswer: unknown;
      const settled = service.get('web1', { settled: true }).then((answer) => (settledAnswer = answer));
      await backgroundRefresh();
      expect(settledAnswer).toBeUndefined();

      lxcCreate.open();
      await creating;
      await settled;
      expect(settledAnswer).toMatchObject({ id: 'web1', state: 'STOPPED' });
      await backgroundRefresh();
    });

    it('keeps the instance out of the inventory until the create (with its start) is done', async () => {
      const lxcStart = gate();
      driver
        .expect('create', [{ name: 'web1', template: 'busybox' }])
        .expect('start', ['web1'], lxcStart.opened)
        .expect('list', [], [{ name: 'web1', state: 'STOPPED', ipv4: [] }])
        .expect('get', ['web1'], details('web1', 'RUNNING', 42))
        .expect('list', [], [{ name: 'web1', state: 'RUNNING', ipv4: [] }]);
      const creating = service.create({ name: 'web1', start: true });
      await backgroundRefresh();

      // A timer refresh between lxc-create and lxc-start sees it STOPPED: not shown.
      await inventory.refresh();
      expect(await service.list()).toEqual([]);
      expect(inventory.counts()).toEqual({ running: 0, total: 0 });

      lxcStart.open();
      await creating;
      expect(await service.list()).toEqual([{ id: 'web1', name: 'web1', state: 'RUNNING', ipv4: [], limits: NO_INSTANCE_LIMITS, autostart: false, cpuPercent: null, memoryBytes: null }]);
      await backgroundRefresh();
    });

    it('runs a start that arrives meanwhile once the create is done, instead of failing', async () => {
      const lxcCreate = gate();
      // The strict driver takes the calls in this order only: a start before the create's end fails the test.
      driver
        .expect('create', [{ name: 'web1', template: 'busybox' }], lxcCreate.opened)
        .expect('get', ['web1'], details('web1', 'STOPPED'))
        .expect('start', ['web1'])
        .expect('get', ['web1'], details('web1', 'RUNNING', 42))
        // One re-read after each change.
        .expect('list', [], [{ name: 'web1', state: 'RUNNING', ipv4: [] }])
        .expect('list', [], [{ name: 'web1', state: 'RUNNING', ipv4: [] }]);
      const creating = service.create({ name: 'web1' });
      await backgroundRefresh();

      let started = false;
      const starting = service.act('web1', { action: InstanceAction.START }).finally(() => (started = true));
      await backgroundRefresh();
      expect(started).toBe(false);
      lxcCreate.open();

      await expect(creating).resolves.toMatchObject({ state: 'STOPPED' });
      await expect(starting).resolves.toMatchObject({ state: 'RUNNING', pid: 42 });
      await backgroundRefresh();
    });

    it('hides nothing while a create is refused because the name is taken', async () => {
      const lxcCreate = gate();
      const refused = lxcCreate.opened.then(() => {
        throw new ContainerExistsError('web1');
      });
      driver
        .expect('list', [], [{ name: 'web1', state: 'RUNNING', ipv4: [] }])
        .expect('create', [{ name: 'web1', template: 'busybox' }], refused)
        .expect('list', [], [{ name: 'web1', state: 'RUNNING', ipv4: [] }])
        .expect('get', ['web1'], details('web1', 'RUNNING', 42))
        .expect('list', [], [{ name: 'web1', state: 'RUNNING', ipv4: [] }]);
      await inventory.refresh();
      const creating = service.create({ name: 'web1' });
      await backgroundRefresh();

      await inventory.refresh();
      expect(await service.list()).toEqual([{ id: 'web1', name: 'web1', state: 'RUNNING', ipv4: [], limits: NO_INSTANCE_LIMITS, autostart: false, cpuPercent: null, memoryBytes: null }]);
      await expect(service.get('web1')).resolves.toMatchObject({ state: 'RUNNING' });

      lxcCreate.open();
      await expect(creating).rejects.toBeInstanceOf(ContainerExistsError);
      await backgroundRefresh();
    });

    it('gives a settled read up with a 504 after the longest a create can take', async () => {
      vi.useFakeTimers();
      try {
        const quick = Object.assign(new ComputeSettings(), { LXC_CREATE_TIMEOUT_MS: 2000, LXC_COMMAND_TIMEOUT_MS: 1000 });
        const quickService = new InstancesService(driver, inventory, locks, quick, new InstanceEvents(), NOT_SAMPLED, NOT_LIMITED, NO_IMAGES);
        const lxcCreate = gate();
        driver
          .expect('create', [{ name: 'web1', template: 'busybox' }], lxcCreate.opened)
          .expect('get', ['web1'], details('web1', 'STOPPED'));
        const creating = quickService.create({ name: 'web1' });
        const settled = quickService.get('web1', { settled: true });
        const outcome = settled.then(
          () => 'answered',
          (error: unknown) => error,
        );

        await vi.advanceTimersByTimeAsync(5999);
        await expect(Promise.race([outcome, Promise.resolve('still waiting')])).resolves.toBe('still waiting');
        await vi.advanceTimersByTimeAsync(1);
        const failure = await outcome;
        expect(failure).toBeInstanceOf(GatewayTimeoutException);
        expect((failure as Error).message).toBe(
          'Instance "web1" is still changing after 6 s (a create is in progress); ask again later',
        );

        lxcCreate.open();
        await creating;
        // The read the settled request queued is skipped: no second lxc-info.
        driver.expect('list', [], [{ name: 'web1', state: 'STOPPED', ipv4: [] }]);
        await vi.runAllTimersAsync();
      } finally {
        vi.useRealTimers();
      }
      await backgroundRefresh();
    });

    it('answers a settled read at once when nothing is changing, and 404 for an unknown instance', async () => {
      driver
        .expect('get', ['web1'], details('web1', 'RUNNING', 42))
        .expectFailure('get', ['ghost'], new ContainerNotFoundError('ghost'));

      await expect(service.get('web1', { settled: true })).resolves.toMatchObject({ state: 'RUNNING' });
      await expect(service.get('ghost', { settled: true })).rejects.toBeInstanceOf(ContainerNotFoundError);
    });
  });

  describe('failures nobody foresaw', () => {
    it('turns an unexpected error of a change into a 500 saying what failed, its stack only in the log', async () => {
      const bug = new TypeError("Cannot read properties of undefined (reading 'state')");
      driver.expectFailure('start', ['web1'], bug).expect('list', [], []);

      const attempt = service.act('web1', { action: InstanceAction.START });

      await expect(attempt).rejects.toBeInstanceOf(InternalServerErrorException);
      await expect(attempt).rejects.toThrow(`Could not start "web1": ${bug.message}`);
      await backgroundRefresh();
      const records = logs.records().filter((record) => record['context'] === 'Instances');
      expect(records[0]).toMatchObject({ level: 'error', message: `start "web1" failed unexpectedly: ${bug.message}` });
      expect(String(records[0]!['stack'])).toContain('TypeError');
      expect(changeLines()[1]).toEqual(['warn', `start "web1": failed after <duration>: Could not start "web1": ${bug.message}`]);
    });

    it('turns an unexpected error of a read into a 500 too', async () => {
      driver.expectFailure('get', ['web1'], new RangeError('Invalid array length'));

      await expect(service.get('web1')).rejects.toThrow(new InternalServerErrorException('Could not read "web1": Invalid array length'));
    });

    it("passes a failing LXC tool through to the error filter and logs the tool's words", async () => {
      driver
        .expectFailure('start', ['web1'], new LxcCommandError('lxc-start could not start "web1" (exit 1)', 'no bridge lxcbr9'))
        .expect('list', [], []);

      await expect(service.act('web1', { action: InstanceAction.START })).rejects.toBeInstanceOf(LxcCommandError);
      await backgroundRefresh();
      expect(changeLines()).toEqual([
        ['warn', 'start "web1": failed after <duration>: lxc-start could not start "web1" (exit 1): no bridge lxcbr9'],
      ]);
    });
  });

  describe('at start-up', () => {
    it('logs what it finished of the changes a crash interrupted, and what it could not', async () => {
      const startUpDriver = new StrictLxcDriver()
        .expect('checkAvailability', [], AVAILABLE)
        .expect('finishInterruptedChanges', [], [
          { name: 'www', outcome: 'finished its interrupted rename', repaired: true },
          { name: 'cut1', outcome: 'destroyed: a create was cut off and left it half-made', repaired: true },
          { name: 'cut2', outcome: 'left half-made (hidden from the list): lxc-destroy failed', repaired: false },
        ])
        .expect('list', [], []);
      const startUpInventory = new InstanceInventory(startUpDriver, new InstanceLocks(), settings, new CoalescingTicker());

      await startUpInventory.onModuleInit();

      const lines = logs
        .records()
        .filter((record) => record['context'] === 'InstanceInventory')
        .map((record) => [record['level'], record['message']]);
      expect(lines).toEqual([
        [
          'warn',
          'Finished changes a crash interrupted: "www" finished its interrupted rename; "cut1" destroyed: a create was cut off and left it half-made',
        ],
        ['error', 'Could not finish changes a crash interrupted: "cut2" left half-made (hidden from the list): lxc-destroy failed'],
      ]);
      startUpInventory.onModuleDestroy();
      startUpDriver.verify();
    });
  });
});
