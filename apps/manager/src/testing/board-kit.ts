import { NodeState, UserRole, type ManagerEventDto } from '@tinystack/contracts';
import type { ComputeHealth, ComputeInstance, ComputeUsage } from '@tinystack/compute-client';
import type { Board } from '../boards/board.js';
import { BoardPublisher } from '../boards/board-publisher.service.js';
import { BoardRegistry } from '../boards/board-registry.service.js';
import type { ComputeClientFactory } from '../compute/compute-client.factory.js';
import { ManagerSettings } from '../config/manager.settings.js';
import { EventLog } from '../events/event-log.service.js';
import { ManagerEventBus } from '../events/manager-event-bus.js';
import { UsageHistoryService } from '../history/usage-history.service.js';
import { ImageDistribution } from '../images/image-distribution.service.js';
import { ImageLibrary } from '../images/image-library.service.js';
import { OwnershipService } from '../ownership/ownership.service.js';
import { QuotaService } from '../quotas/quota.service.js';
import { DatabaseHealth } from '../storage/database-health.js';
import type { ManagerDatabase } from '../storage/manager-database.js';
import { SqliteEventLogRepository } from '../storage/sqlite-event-log.repository.js';
import { SqliteImageRepository } from '../storage/sqlite-image.repository.js';
import { SqliteNodeRepository } from '../storage/sqlite-node.repository.js';
import { SqliteOwnershipRepository } from '../storage/sqlite-ownership.repository.js';
import { SqlitePreferenceRepository } from '../storage/sqlite-preference.repository.js';
import { SqliteUsageHistoryRepository } from '../storage/sqlite-usage-history.repository.js';
import { SqliteUserRepository } from '../storage/sqlite-user.repository.js';
import type { UserRecord } from '../users/user-record.js';
import { UserDirectory } from '../users/user-directory.service.js';
import { ManualClock } from './manual.clock.js';
import { memoryDatabase } from './memory-database.js';
import { StrictComputeClient } from './strict-compute-client.js';

export const KIT_USAGE: ComputeUsage = {
  hostname: 'pi',
  sampledAt: '2025-01-01T10:00:00.000Z',
  cpuPercent: 10,
  memoryPercent: 20,
  memoryUsedBytes: 200,
  memoryTotalBytes: 1000,
  networkRxBytesPerSecond: 0,
  networkTxBytesPerSecond: 0,
  iops: 0,
  runningInstances: 0,
  totalInstances: 0,
  temperatureCelsius: null,
};

/**
 * The manager's board model over real repositories (SQLite in memory), a
 * manual clock and one StrictComputeClient per node URL, with the users
 * (the built-in admin made), the owners of instances and the quotas: for the
 * tests of the services above the boards.
 */
export class BoardKit {
  readonly database: ManagerDatabase = memoryDatabase();
  readonly clock = new ManualClock('2025-01-01T10:00:00Z');
  readonly bus = new ManagerEventBus();
  readonly published: ManagerEventDto[] = [];
  readonly databaseHealth = new DatabaseHealth();
  readonly nodes = new SqliteNodeRepository(this.database);
  readonly events = new SqliteEventLogRepository(this.database);
  readonly eventLog: EventLog;
  readonly history: UsageHistoryService;
  readonly registry: BoardRegistry;
  readonly clients = new Map<string, StrictComputeClient>();
  readonly publisher: BoardPublisher;
  readonly users: UserDirectory;
  readonly ownership: OwnershipService;
  readonly quotas: QuotaService;
  /** The image library over the same database (its files under settings.DATA_DIR, made only when a test prepares them). */
  readonly images: ImageLibrary;
  readonly distribution: ImageDistribution;
  private created = 0;

  constructor(readonly settings: ManagerSettings = Object.assign(new ManagerSettings(), { NODE_UNREACHABLE_AFTER: 2 })) {
    this.bus.events$.subscribe((event) => this.published.push(event));
    const history = new SqliteUsageHistoryRepository(this.database);
    this.eventLog = new EventLog(this.events, this.bus, this.clock, this.databaseHealth);
    this.history = new UsageHistoryService(history, this.clock, settings, this.databaseHealth);
    this.publisher = new BoardPublisher(this.bus, this.eventLog, this.history, this.clock);
    const factory: ComputeClientFactory = { create: (url) => this.client(url) };
    this.registry = new BoardRegistry(this.nodes, history, factory, this.databaseHealth, this.publisher, this.clock, settings);
    this.users = new UserDirectory(new SqliteUserRepository(this.database), this.databaseHealth, this.clock);
    this.users.onModuleInit();
    this.ownership = new OwnershipService(
      new SqliteOwnershipRepository(this.database),
      this.users,
      this.registry,
      this.publisher,
      this.bus,
      this.databaseHealth,
      this.clock,
    );
    this.ownership.onModuleInit();
    this.quotas = new QuotaService(new SqlitePreferenceRepository(this.database), this.databaseHealth, this.registry, this.ownership);
    this.images = new ImageLibrary(new SqliteImageRepository(this.database), this.databaseHealth, this.eventLog, this.clock, settings);
    this.distribution = new ImageDistribution(this.images);
  }

  /** A user stored straight into the directory (no password). */
  addUser(username: string, role = UserRole.MEMBER, quota: Partial<UserRecord['quota']> = {}): UserRecord {
    this.created += 1;
    const user: UserRecord = {
      id: `10000000-0000-4000-8000-${String(this.created).padStart(12, '0')}`,
      username,
      role,
      passwordHash: null,
      mustChangePassword: false,
      disabled: false,
      builtIn: false,
      quota: { instances: null, running: null, memoryMiB: null, ...quota },
      createdAt: this.clock.now(),
    };
    this.users.add([user], 'test user');
    return user;
  }

  /** The strict client of the node at `url` (made on first use). */
  client(url: string): StrictComputeClient {
    let client = this.clients.get(url);
    if (!client) {
      client = new StrictComputeClient();
      this.clients.set(url, client);
    }
    return client;
  }

  /** Registers a node straight into the registry (no checks), PENDING. */
  add(name: string, computeId: string | null = null): { board: Board; client: StrictComputeClient } {
    this.created += 1;
    const url = `http://${name}:7001`;
    const board = this.registry.add({
      id: `00000000-0000-4000-8000-${String(this.created).padStart(12, '0')}`,
      name,
      url,
      token: 'secret-token',
      registeredAt: this.clock.now(),
      computeId,
    });
    return { board, client: this.client(url) };
  }

  /** A good poll of the node, /health included when it is due. */
  async poll(
    board: Board,
    answers: { usage?: Partial<ComputeUsage>; instances?: ComputeInstance[]; health?: Partial<ComputeHealth> | false } = {},
  ): Promise<void> {
    const client = this.client(board.url);
    client.expect('usage').answers({ ...KIT_USAGE, hostname: board.name, ...answers.usage });
    client.expect('listInstances').answers(answers.instances ?? []);
    if (answers.health !== false && (board.state !== NodeState.ACTIVE || answers.health)) {
      client.expect('health').answers({
        hostname: board.name,
        lxcAvailable: true,
        nodeId: null,
        version: null,
        limits: null,
        ready: null,
        checks: null,
        architecture: null,
        templates: null,
        ...answers.health,
      });
    }
    await board.poll();
  }

  verify(): void {
    for (const client of this.clients.values()) client.verify();
  }

  close(): void {
    this.ownership.onModuleDestroy();
    this.eventLog.onModuleDestroy();
    this.registry.onModuleDestroy();
    this.database.onApplicationShutdown();
  }
}
