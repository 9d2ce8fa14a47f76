import { Injectable, Logger, NotFoundException, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { ManagerEventType, type InstanceDto, type OwnedInstanceDto } from '@tinystack/contracts';
import { isAdmin, type Principal } from '../auth/principal.js';
import type { Board } from '../boards/board.js';
import { BoardPublisher } from '../boards/board-publisher.service.js';
import { BoardRegistry } from '../boards/board-registry.service.js';
import { Clock } from '../clock/clock.js';
import type { EntryOwner } from '../events/event-log.service.js';
import { ManagerEventBus } from '../events/manager-event-bus.js';
import { DatabaseHealth, writeOrRefuse } from '../storage/database-health.js';
import type { UserRecord } from '../users/user-record.js';
import { UserDirectory } from '../users/user-directory.service.js';
import { OwnershipRepository } from './ownership.repository.js';

/**
 * The words of a node's 404 for an instance it does not have, as the manager
 * passes it on: what a member is told of an instance of someone else, so that
 * an instance of another user cannot be told from one that does not exist.
 */
export function instanceNotFound(nodeName: string, instance: string): NotFoundException {
  return new NotFoundException(`Node "${nodeName}": Instance "${instance}" does not exist`);
}

const key = (nodeId: string, instance: string) => `${nodeId}\u0000${instance}`;

/**
 * Who owns each instance: set when a create succeeds, moved by a rename,
 * removed by a delete. Kept in memory (read on every list, every event) and
 * in the database; an instance without a record (every instance that existed
 * before users did, or one made on the node directly) is the built-in
 * admin's. Members see and act on their own instances only.
 */
@Injectable()
export class OwnershipService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Ownership');
  private readonly owners = new Map<string, string>();
  private lists: Subscription | undefined;

  constructor(
    private readonly repository: OwnershipRepository,
    private readonly users: UserDirectory,
    private readonly registry: BoardRegistry,
    private readonly publisher: BoardPublisher,
    private readonly bus: ManagerEventBus,
    private readonly database: DatabaseHealth,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    for (const record of this.repository.list()) this.owners.set(key(record.nodeId, record.instance), record.ownerId);
    this.lists = this.publisher.instanceLists$.subscribe((board) => this.publishInstances(board));
  }

  onModuleDestroy(): void {
    this.lists?.unsubscribe();
  }

  /** The owner's id; the built-in admin's for an instance nobody else owns. */
  ownerIdOf(nodeId: string, instance: string): string {
    const owner = this.owners.get(key(nodeId, instance));
    return owner !== undefined && this.users.get(owner) ? owner : this.users.builtInAdmin.id;
  }

  ownerOf(nodeId: string, instance: string): UserRecord {
    return this.users.get(this.ownerIdOf(nodeId, instance))!;
  }

  /** For the event log and operations: the owner's id and name. */
  entryOwner(nodeId: string, instance: string): EntryOwner {
    const owner = this.ownerOf(nodeId, instance);
    return { id: owner.id, username: owner.username };
  }

  maySee(viewer: Principal, nodeId: string, instance: string): boolean {
    return isAdmin(viewer) || this.ownerIdOf(nodeId, instance) === viewer.userId;
  }

  /** The instances of one node the viewer may see, each with its owner. */
  visibleOn(viewer: Principal, nodeId: string, instances: readonly InstanceDto[]): OwnedInstanceDto[] {
    return instances
      .filter((instance) => this.maySee(viewer, nodeId, instance.name))
      .map((instance) => ({ ...instance, owner: this.ownerOf(nodeId, instance.name).username }));
  }

  /**
   * The 404 a member gets for an instance of someone else: the very words of
   * a missing instance. Checked before anything else about the instance.
   */
  assertVisible(viewer: Principal, board: Board, instance: string): void {
    if (!this.maySee(viewer, board.id, instance)) throw instanceNotFound(board.name, instance);
  }

  /** Every instance the user owns, by node: what their quota counts and what goes when they do. */
  instancesOf(userId: string): Array<{ nodeId: string; instance: string }> {
    const found: Array<{ nodeId: string; instance: string }> = [];
    for (const [entry, owner] of this.owners) {
      if (owner !== userId) continue;
      const [nodeId, instance] = entry.split('\u0000') as [string, string];
      found.push({ nodeId, instance });
    }
    return found;
  }

  /** A create succeeded: the instance is its owner's (a record is kept only for someone other than the built-in admin). */
  set(board: Board, instance: string, ownerId: string): void {
    const owner = this.users.get(ownerId) ? ownerId : this.users.builtInAdmin.id;
    this.store(`the owner of "${instance}" on "${board.name}"`, () =>
      owner === this.users.builtInAdmin.id
        ? this.repository.remove(board.id, instance)
        : this.repository.set({ nodeId: board.id, instance, ownerId: owner }),
    );
    if (owner === this.users.builtInAdmin.id) this.owners.delete(key(board.id, instance));
    else this.owners.set(key(board.id, instance), owner);
    this.republish(board);
  }

  /** A rename succeeded: the owner follows the instance. */
  move(board: Board, from: string, to: string): void {
    const owner = this.owners.get(key(board.id, from));
    this.store(`the owner of "${to}" (renamed from "${from}") on "${board.name}"`, () =>
      owner === undefined ? this.repository.remove(board.id, to) : this.repository.move(board.id, from, to),
    );
    this.owners.delete(key(board.id, from));
    if (owner === undefined) this.owners.delete(key(board.id, to));
    else this.owners.set(key(board.id, to), owner);
    this.republish(board);
  }

  /** A delete succeeded. */
  remove(board: Board, instance: string): void {
    if (!this.owners.has(key(board.id, instance))) return;
    this.store(`that "${instance}" on "${board.name}" is gone`, () => this.repository.remove(board.id, instance));
    this.owners.delete(key(board.id, instance));
  }

  /** The user's instances become the built-in admin's (their records go). */
  giveAllToAdmin(userId: string): void {
    // Before the user goes: their rows refer to them.
    writeOrRefuse(this.database, 'Their instances were not given to the admin', () => this.repository.removeAllOf(userId));
    const boards = new Set<string>();
    for (const { nodeId, instance } of this.instancesOf(userId)) {
      this.owners.delete(key(nodeId, instance));
      boards.add(nodeId);
    }
    for (const nodeId of boards) {
      const board = this.registry.find(nodeId);
      if (board) this.republish(board);
    }
  }

  /** A node was unregistered: its records went with it (ON DELETE CASCADE). */
  forgetNode(nodeId: string): void {
    for (const entry of [...this.owners.keys()]) if (entry.startsWith(`${nodeId}\u0000`)) this.owners.delete(entry);
  }

  /**
   * Memory is what the manager goes by; a record the database could not take
   * (the disk is full) is lost at the next restart, when the instance becomes
   * the built-in admin's: said in a warning rather than failing the change.
   */
  private store(what: string, write: () => void): void {
    try {
      this.database.write(write);
    } catch (error) {
      this.logger.warn(`Could not store ${what}: ${(error as Error).message}; it holds until the manager restarts`);
    }
  }

  /**
   * The live event of a node's instance list, every instance with its owner;
   * each viewer's stream keeps those they may see.
   */
  private publishInstances(board: Board): void {
    const instances = board.instances;
    if (!instances || board.isRetired) return;
    this.bus.publish(() => ({
      type: ManagerEventType.INSTANCES,
      at: this.clock.now().toISOString(),
      nodeId: board.id,
      nodeName: board.name,
      instances: instances.map((instance) => ({ ...instance, owner: this.ownerOf(board.id, instance.name).username })),
    }));
  }

  /**
   * The node's list again, now that an owner changed: the list sent when the
   * node answered went out before, when the instance was not yet its owner's.
   */
  private republish(board: Board): void {
    this.publishInstances(board);
  }
}
