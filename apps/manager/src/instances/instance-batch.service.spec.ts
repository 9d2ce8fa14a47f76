import { BadRequestException, ForbiddenException } from '@nestjs/common';
import { NO_INSTANCE_LIMITS, OperationStatus, type CreateInstancesBatchDto } from '@tinystack/contracts';
import type { ComputeInstanceDetails } from '@tinystack/compute-client';
import type { Board } from '../boards/board.js';
import { OperationsService } from '../operations/operations.service.js';
import { BoardKit } from '../testing/board-kit.js';
import { adminTokenPrincipal, principalOf } from '../testing/principals.js';
import { ClusterInstancesService } from './cluster-instances.service.js';
import { InstanceBatchService } from './instance-batch.service.js';

function details(name: string): ComputeInstanceDetails {
  return { id: name, name, state: 'STOPPED', ipv4: [], limits: NO_INSTANCE_LIMITS, autostart: false, pid: null, cpuTimeNs: null, memoryBytes: null, blkioBytes: null, networkRxBytes: null, networkTxBytes: null };
}

describe('InstanceBatchService: copies for a class', () => {
  let kit: BoardKit;
  let operations: OperationsService;
  let batches: InstanceBatchService;
  let boards: Board[];

  beforeEach(async () => {
    kit = new BoardKit();
    operations = new OperationsService(kit.bus, kit.eventLog, kit.clock);
    const instances = new ClusterInstancesService(kit.registry, operations, kit.eventLog, kit.ownership, kit.quotas, kit.users, kit.images, kit.distribution);
    batches = new InstanceBatchService(instances, operations, kit.ownership, kit.quotas, kit.users, kit.images);
    boards = ['alpha', 'beta'].map((name) => kit.add(name).board);
    for (const board of boards) await kit.poll(board, { usage: { cpuPercent: 5, memoryPercent: 30 } });
  });

  afterEach(() => {
    kit.verify();
    kit.close();
  });

  const admin = () => adminTokenPrincipal(kit.users.builtInAdmin);

  it('makes the copies as one operation with a result each, spread over two equal nodes, and logs the batch', async () => {
    boards.forEach((board, index) => {
      for (const n of index === 0 ? [1, 3] : [2, 4]) kit.client(board.url).expect('createInstance', { name: `web-${n}` }).answers(details(`web-${n}`));
    });
    const accepted = batches.create(admin(), { namePattern: 'web-{n}', count: 4 });
    expect(accepted).toMatchObject({ action: 'batch', nodeId: null, instance: 'web-{n}', status: OperationStatus.RUNNING });
    const ended = await operations.wait(accepted.id, 5, admin());
    expect(ended.status).toBe(OperationStatus.SUCCEEDED);
    expect(ended.results!.map(({ name, nodeName, owner, status }) => [name, nodeName, owner, status])).toEqual([
      ['web-1', 'alpha', 'admin', 'succeeded'],
      ['web-2', 'beta', 'admin', 'succeeded'],
      ['web-3', 'alpha', 'admin', 'succeeded'],
      ['web-4', 'beta', 'admin', 'succeeded'],
    ]);
    expect(kit.events.page({ limit: 1 })[0]!.message).toBe('Created the batch "web-{n}": 4 of 4 created (2 on "alpha", 2 on "beta")');
  });

  it('gives each enabled member one copy named after them, theirs', async () => {
    const [carol, dave] = [kit.addUser('carol'), kit.addUser('dave')];
    kit.client(boards[0]!.url).expect('createInstance', { name: 'lab-carol' }).answers(details('lab-carol'));
    kit.client(boards[1]!.url).expect('createInstance', { name: 'lab-dave' }).answers(details('lab-dave'));
    const ended = await operations.wait(batches.create(admin(), { namePattern: 'lab-{user}', owner: 'each-member' }).id, 5, admin());
    expect(ended.results!.map(({ name, owner }) => `${name}:${owner}`)).toEqual(['lab-carol:carol', 'lab-dave:dave']);
    expect(kit.ownership.ownerIdOf(boards[0]!.id, 'lab-carol')).toBe(carol.id);
    expect(kit.ownership.ownerIdOf(boards[1]!.id, 'lab-dave')).toBe(dave.id);
  });

  it('refuses at once, before anything is created: bad names, repeats, {user} or each-member misused, a member for others, a quota', () => {
    const member = principalOf(kit.addUser('erin', undefined, { instances: 2 }));
    const refused = (viewer: ReturnType<typeof admin>, request: CreateInstancesBatchDto) => () => batches.create(viewer, request);
    expect(refused(admin(), { namePattern: 'web-{n}-', count: 2 })).toThrow('namePattern makes "web-1-", which is not an instance name');
    expect(refused(admin(), { namePattern: 'lab-{user}', count: 2 })).toThrow('{user} in namePattern needs owner: each-member');
    expect(refused(admin(), { namePattern: 'web-{n}' })).toThrow(BadRequestException);
    expect(refused(admin(), { namePattern: 'web-{n}', count: 2, owner: 'each-member' })).toThrow('Leave count out with owner: each-member');
    expect(refused(member, { namePattern: 'lab-{user}', owner: 'each-member' })).toThrow(ForbiddenException);
    expect(refused(member, { namePattern: 'web-{n}', count: 3 })).toThrow('Quota reached: you have 0 of 2 instances and this asks for 3 more.');
    expect(boards.map((board) => board.reservedInstances)).toEqual([0, 0]);
  });
});
