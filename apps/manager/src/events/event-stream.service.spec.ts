import type { MessageEvent } from '@nestjs/common';
import { ManagerEventType, type ManagerEventDto, NO_INSTANCE_LIMITS } from '@tinystack/contracts';
import type { ComputeInstance, ComputeInstanceDetails } from '@tinystack/compute-client';
import { AccessRevocations } from '../auth/access-revocations.js';
import type { Principal } from '../auth/principal.js';
import type { Board } from '../boards/board.js';
import { ClusterInstancesService } from '../instances/cluster-instances.service.js';
import { OperationsService } from '../operations/operations.service.js';
import { BoardKit } from '../testing/board-kit.js';
import { adminTokenPrincipal, principalOf } from '../testing/principals.js';
import { EventStream } from './event-stream.service.js';

function details(name: string): ComputeInstanceDetails {
  return { id: name, name, state: 'STOPPED', ipv4: [], limits: NO_INSTANCE_LIMITS, autostart: false, pid: null, cpuTimeNs: null, memoryBytes: null, blkioBytes: null, networkRxBytes: null, networkTxBytes: null };
}

describe('EventStream', () => {
  let kit: BoardKit;
  let revocations: AccessRevocations;
  let stream: EventStream;
  let operations: OperationsService;
  let instances: ClusterInstancesService;
  let admin: Principal;
  let alice: Principal;
  let bob: Principal;
  let alpha: Board;

  beforeEach(async () => {
    kit = new BoardKit();
    revocations = new AccessRevocations();
    stream = new EventStream(kit.bus, kit.ownership, revocations, kit.clock, kit.settings);
    operations = new OperationsService(kit.bus, kit.eventLog, kit.clock);
    instances = new ClusterInstancesService(kit.registry, operations, kit.eventLog, kit.ownership, kit.quotas, kit.users, kit.images, kit.distribution);
    admin = adminTokenPrincipal(kit.users.builtInAdmin);
    alice = principalOf(kit.addUser('alice'));
    bob = principalOf(kit.addUser('bob'));
    alpha = kit.add('alpha').board;
    await kit.poll(alpha);
  });

  afterEach(() => {
    kit.verify();
    kit.close();
  });

  function watch(viewer: Principal): { events: ManagerEventDto[]; ended: () => boolean; stop: () => void } {
    const events: ManagerEventDto[] = [];
    let ended = false;
    const subscription = stream.for(viewer).subscribe({
      next: (message: MessageEvent) => {
        if (message.data) events.push(message.data as ManagerEventDto);
      },
      complete: () => (ended = true),
    });
    return { events, ended: () => ended, stop: () => subscription.unsubscribe() };
  }

  async function create(viewer: Principal, name: string): Promise<void> {
    kit.client(alpha.url).expect('createInstance', { name }).answers(details(name));
    await operations.wait(instances.create(viewer, { name }).id, 5, viewer);
  }

  it("shows a member node figures for all, and instance lists, operations and log entries about their own instances only", async () => {
    const alices = watch(alice);
    const admins = watch(admin);
    await create(alice, 'web1');
    await create(bob, 'db1');
    await kit.poll(alpha, { instances: [{ id: 'db1', name: 'db1', state: 'STOPPED', ipv4: [], limits: NO_INSTANCE_LIMITS, autostart: false }, { id: 'web1', name: 'web1', state: 'STOPPED', ipv4: [], limits: NO_INSTANCE_LIMITS, autostart: false }] });
    const about = (events: ManagerEventDto[]) =>
      events.flatMap((event) => {
        switch (event.type) {
          case ManagerEventType.OPERATION:
            return [`operation ${event.operation.instance} ${event.operation.status}`];
          case ManagerEventType.ACTION:
            return [`log ${event.entry.instance}`];
          case ManagerEventType.INSTANCES:
            return [`list ${event.instances.map((instance) => `${instance.name}:${instance.owner}`).join(',')}`];
          default:
            return [event.type];
        }
      });
    expect(about(alices.events)).toEqual([
      'operation web1 running',
      'list ',
      'list web1:alice',
      'log web1',
      'operation web1 succeeded',
      'list web1:alice',
      'list web1:alice',
      'node-usage',
    ]);
    expect(about(admins.events)).toContain('list db1:bob,web1:alice');
    expect(about(admins.events).filter((line) => line.startsWith('operation'))).toHaveLength(4);
    alices.stop();
    admins.stop();
  });

  it("gives a member the figures of their own running instances in each node-usage event, and the admin everyone's", async () => {
    await create(alice, 'web1');
    await create(bob, 'db1');
    const alices = watch(alice);
    const admins = watch(admin);
    const running = (name: string, cpuPercent: number, memoryBytes: number) =>
      ({ id: name, name, state: 'RUNNING', ipv4: [], limits: NO_INSTANCE_LIMITS, autostart: false, cpuPercent, memoryBytes }) as ComputeInstance;
    await kit.poll(alpha, { instances: [running('db1', 40, 9_000_000), running('web1', 2.5, 1_843_200)] });
    const figuresIn = (events: ManagerEventDto[]) =>
      events.flatMap((event) => (event.type === ManagerEventType.NODE_USAGE ? [event.instanceFigures] : []));
    expect(figuresIn(alices.events)).toEqual([[{ name: 'web1', cpuPercent: 2.5, memoryBytes: 1_843_200 }]]);
    expect(figuresIn(admins.events)).toEqual([
      [
        { name: 'db1', cpuPercent: 40, memoryBytes: 9_000_000 },
        { name: 'web1', cpuPercent: 2.5, memoryBytes: 1_843_200 },
      ],
    ]);
    alices.stop();
    admins.stop();
  });

  it("ends a viewer's stream when their credential is revoked, and not another's", () => {
    const alices = watch(alice);
    const bobs = watch(bob);
    revocations.revoke({ userId: alice.userId });
    expect(alices.ended()).toBe(true);
    expect(bobs.ended()).toBe(false);
    revocations.revoke({ tokenId: bob.token!.id });
    expect(bobs.ended()).toBe(true);
  });

  it("ends a session's stream when the session expires", () => {
    vi.useFakeTimers();
    try {
      const expiresAt = new Date(kit.clock.now().getTime() + 60_000);
      const viewer: Principal = { ...alice, token: null, session: { idHash: 'ab'.repeat(32), csrfToken: 'c', expiresAt } };
      const watched = watch(viewer);
      vi.advanceTimersByTime(59_000);
      expect(watched.ended()).toBe(false);
      vi.advanceTimersByTime(1000);
      expect(watched.ended()).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
