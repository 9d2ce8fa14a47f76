import { Inject, Injectable, Logger, NotFoundException, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Clock } from '../clock/clock.js';
import { ComputeClientFactory } from '../compute/compute-client.factory.js';
import { ManagerSettings } from '../config/manager.settings.js';
import { UsageHistoryRepository } from '../history/usage-history.repository.js';
import type { NodeRecord } from '../nodes/node-record.js';
import { NodeRepository } from '../nodes/node.repository.js';
import { DatabaseHealth } from '../storage/database-health.js';
import { Board, type BoardContext, type BoardSettings } from './board.js';
import { BoardPublisher } from './board-publisher.service.js';

/** /health is read again every this many polls: a node's version and limits change when it restarts. */
const HEALTH_EVERY_POLLS = 30;

export function boardSettings(settings: ManagerSettings): BoardSettings {
  return {
    unreachableAfter: settings.NODE_UNREACHABLE_AFTER,
    pollTimeoutMs: settings.POLL_TIMEOUT_MS,
    requestTimeoutMs: settings.NODE_REQUEST_TIMEOUT_MS,
    createTimeoutMs: settings.NODE_CREATE_TIMEOUT_MS,
    actionConcurrency: settings.NODE_ACTION_CONCURRENCY,
    followUpMs: settings.NODE_FOLLOW_UP_MS,
    followUpRetryMs: settings.POLL_INTERVAL_MS,
    healthEveryPolls: HEALTH_EVERY_POLLS,
  };
}

/**
 * The registered nodes, one Board each, loaded from the database at start-up
 * (PENDING until their first poll) and kept in memory: requests read this,
 * never the nodes.
 */
@Injectable()
export class BoardRegistry implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Nodes');
  private readonly boards = new Map<string, Board>();
  private readonly context: BoardContext;

  constructor(
    private readonly repository: NodeRepository,
    private readonly history: UsageHistoryRepository,
    private readonly clients: ComputeClientFactory,
    private readonly database: DatabaseHealth,
    publisher: BoardPublisher,
    clock: Clock,
    @Inject(ManagerSettings) settings: ManagerSettings,
  ) {
    this.context = {
      settings: boardSettings(settings),
      clock,
      listener: publisher,
      pause: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref()),
      claimIdentity: (board, computeId) => this.claimIdentity(board, computeId),
    };
  }

  onModuleInit(): void {
    const newest = this.history.newestTimes();
    for (const record of this.repository.list()) {
      const seen = newest.get(record.id) ?? null;
      this.boards.set(record.id, this.board(record, seen));
    }
  }

  onModuleDestroy(): void {
    for (const board of this.boards.values()) board.retire();
  }

  all(): Board[] {
    return [...this.boards.values()];
  }

  find(id: string): Board | undefined {
    return this.boards.get(id);
  }

  /** The board, or a 404 that says no such node is registered. */
  require(id: string): Board {
    const board = this.boards.get(id);
    if (!board) throw new NotFoundException(`No node with id "${id}" is registered`);
    return board;
  }

  /** The board a change can go to now: 404 when unknown, 503 when UNREACHABLE or FAULTY. */
  operable(id: string): Board {
    const board = this.require(id);
    board.assertOperable();
    return board;
  }

  findByUrl(url: string): Board | undefined {
    return this.all().find((board) => board.url === url);
  }

  findByName(name: string): Board | undefined {
    return this.all().find((board) => board.name === name);
  }

  findByComputeId(computeId: string): Board | undefined {
    return this.all().find((board) => board.computeId === computeId);
  }

  /** Stores the node first: a DuplicateNodeError (or a full disk) leaves memory unchanged. */
  add(record: NodeRecord): Board {
    this.database.write(() => this.repository.insert(record));
    const board = this.board(record, null);
    this.boards.set(record.id, board);
    return board;
  }

  /**
   * The node joined again from another address or with a new compute token:
   * stored first, then a fresh board (client and all) takes the old one's place.
   */
  reconnect(id: string, url: string, token: string): Board {
    const old = this.require(id);
    this.database.write(() => this.repository.setConnection(id, url, token));
    old.retire();
    const board = new Board({ ...old.record, url, token }, this.clients.create(url, token), this.context, old.lastSeenAt, old.lastHistoryAt);
    this.boards.set(id, board);
    return board;
  }

  remove(id: string): Board {
    const board = this.require(id);
    this.database.write(() => this.repository.remove(id));
    this.boards.delete(id);
    board.retire();
    return board;
  }

  private board(record: NodeRecord, seen: Date | null): Board {
    return new Board({ ...record }, this.clients.create(record.url, record.token), this.context, seen, seen);
  }

  /** A node registered before nodes had ids learns its id at its first good contact; the same node twice is refused. */
  private claimIdentity(board: Board, computeId: string): string | null {
    const holder = this.findByComputeId(computeId);
    if (holder && holder !== board) {
      return (
        `this is the compute node already registered as "${holder.name}" at ${holder.url} (its id is ${computeId}); ` +
        'unregister one of the two'
      );
    }
    board.record.computeId = computeId;
    try {
      this.database.write(() => this.repository.setComputeId(board.id, computeId));
    } catch (error) {
      // Known in memory; the next start learns it again at the node's first contact.
      this.logger.warn(`Could not store the compute id of "${board.name}": ${(error as Error).message}`);
    }
    return null;
  }
}
