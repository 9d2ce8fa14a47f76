import { BadRequestException, GatewayTimeoutException } from '@nestjs/common';
import { InstanceAction } from '@tinystack/contracts';
import { ContainerExistsError, LxcTimeoutError, LxcUnavailableError, type ContainerDetails } from '@tinystack/lxc-driver';
import { StrictLxcDriver } from '@tinystack/lxc-driver/test-support';
import { recordLogs, type RecordedLogs } from '../../../../libs/api-kit/src/logging/test-support/recorded-logs.js';
import { ComputeSettings } from '../config/compute.settings.js';
import { InstanceInventory } from './instance-inventory.service.js';
import { InstancesService } from './instances.service.js';

const AVAILABLE = { available: true, version: '5.0.2', reason: null };

/** Lets the background inventory refresh that follows every change run. */
const backgroundRefresh = () => new Promise((resolve) => setImmediate(() => setImmediate(resolve)));

function details(name: string, state: ContainerDetails['state'], pid: number | null = null): ContainerDetails {
  return { name, state, ipv4: [], pid, cpuTimeNs: null, memoryBytes: null, blkioBytes: null, networkRxBytes: null, networkTxBytes: null };
}

describe('InstancesService', () => {
  let driver: StrictLxcDriver;
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
    inventory = new InstanceInventory(driver, settings);
    driver.expect('checkAvailability', [], AVAILABLE).expect('finishInterruptedChanges', [], []).expect('list', [], []);
    await inventory.onModuleInit();
    service = new InstancesService(driver, inventory, settings);
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
    const bareInventory = new InstanceInventory(bareDriver, settings);
    await bareInventory.onModuleInit();
    const bare = new InstancesService(bareDriver, bareInventory, settings);

    expect(() => bare.list()).toThrow(LxcUnavailableError);
    await expect(bare.create({ name: 'web1' })).rejects.toThrow('apt-get install lxc busybox-static');
    await expect(bare.get('web1')).rejects.toBeInstanceOf(LxcUnavailableError);
    expect(changeLines()).toEqual([]);
    bareInventory.onModuleDestroy();
    bareDriver.verify();
  });
});
