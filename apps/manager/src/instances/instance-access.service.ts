import { HttpException, Injectable } from '@nestjs/common';
import {
  EventAction,
  EventResult,
  type ClusterInstanceDetailsDto,
  type ClusterPortForwardDto,
  type CreatePortForwardDto,
  type PatchInstanceDto,
  type SnapshotDto,
  type ExecRequestDto,
  type ExecResultDto,
  type PortForwardDto,
  type PortProtocol,
} from '@tinystack/contracts';
import { isAdmin, type Principal } from '../auth/principal.js';
import type { Board } from '../boards/board.js';
import { BoardRegistry } from '../boards/board-registry.service.js';
import { EventLog, type EntryOwner } from '../events/event-log.service.js';
import { OwnershipService } from '../ownership/ownership.service.js';
import { QuotaService, type QuotaReservation } from '../quotas/quota.service.js';

/** tcp ports that usually speak HTTP: their forwards are shown as http:// links. */
export const HTTP_PORTS: ReadonlySet<number> = new Set([80, 8000, 8080, 3000, 5000, 8888]);
/** The event log keeps this much of a command: enough to recognise it, never a pasted file. */
const LOGGED_COMMAND_CHARS = 300;

/** Where the classroom reaches a forward: the host of the node's registered URL and the board's port. */
export function forwardUrl(nodeUrl: string, forward: PortForwardDto): string {
  const host = new URL(nodeUrl).hostname;
  const scheme = forward.protocol === 'udp' ? 'udp' : HTTP_PORTS.has(forward.containerPort) ? 'http' : 'tcp';
  return `${scheme}://${host}:${forward.hostPort}`;
}

/** How a command appears in the event log: its argument array (cut short) and the names of its variables, never their values. */
export function describeCommand(request: ExecRequestDto): string {
  const command = JSON.stringify(request.command);
  const shown = command.length > LOGGED_COMMAND_CHARS ? `${command.slice(0, LOGGED_COMMAND_CHARS)}…` : command;
  const env = request.env && Object.keys(request.env).length > 0 ? ` with ${Object.keys(request.env).join(', ')} set` : '';
  const cwd = request.cwd ? ` in ${request.cwd.slice(0, 100)}` : '';
  return `${shown}${env}${cwd}`;
}

/**
 * Getting inside an instance through the manager: commands and the board's
 * ports forwarded to it. Each passes the ownership check first (another's
 * instance is the 404 of a missing one), then goes to the node, and is
 * logged with its actor, success or failure; a command's output and stdin
 * are never logged.
 */
@Injectable()
export class InstanceAccessService {
  constructor(
    private readonly registry: BoardRegistry,
    private readonly ownership: OwnershipService,
    private readonly eventLog: EventLog,
    private readonly quotas: QuotaService,
  ) {}

  /** The board of an instance the viewer may use: 404 for no such node or (to a member) another's instance. */
  reachable(viewer: Principal, nodeId: string, name: string): Board {
    const board = this.registry.require(nodeId);
    this.ownership.assertVisible(viewer, board, name);
    return board;
  }

  exec(viewer: Principal, nodeId: string, name: string, request: ExecRequestDto): Promise<ExecResultDto> {
    const command = describeCommand(request);
    return this.logged(viewer, nodeId, name, EventAction.INSTANCE_COMMAND_RUN, `run ${command} in "${name}"`, async (board) => {
      const result = await board.exec(name, request);
      const ending = result.timedOut ? `killed after ${request.timeoutSeconds ?? 30} s` : `exit ${result.exitCode}`;
      return { answer: result, message: `Ran ${command} in "${name}" on "${board.name}" (${ending}, ${result.durationMs} ms)` };
    });
  }

  async ports(viewer: Principal, nodeId: string, name: string): Promise<ClusterPortForwardDto[]> {
    const board = this.reachable(viewer, nodeId, name);
    const forwards = await board.ports(name);
    return forwards.map((forward) => ({ ...forward, url: forwardUrl(board.url, forward) }));
  }

  expose(viewer: Principal, nodeId: string, name: string, request: CreatePortForwardDto): Promise<ClusterPortForwardDto> {
    const wanted = `${request.protocol} port ${request.containerPort} of "${name}"${request.hostPort ? ` on port ${request.hostPort}` : ''}`;
    return this.logged(viewer, nodeId, name, EventAction.INSTANCE_PORT_EXPOSED, `expose ${wanted}`, async (board) => {
      const forward = await board.expose(name, request);
      const url = forwardUrl(board.url, forward);
      return {
        answer: { ...forward, url },
        message: `Exposed ${forward.protocol} port ${forward.containerPort} of "${name}" on "${board.name}" at ${url}`,
      };
    });
  }

  unexpose(viewer: Principal, nodeId: string, name: string, hostPort: number, protocol: PortProtocol): Promise<void> {
    const what = `${protocol} port ${hostPort} of "${name}"`;
    return this.logged(viewer, nodeId, name, EventAction.INSTANCE_PORT_UNEXPOSED, `stop forwarding ${what}`, async (board) => {
      await board.unexpose(name, hostPort, protocol);
      return { answer: undefined, message: `Stopped forwarding ${what} on "${board.name}"` };
    });
  }

  snapshots(viewer: Principal, nodeId: string, name: string): Promise<SnapshotDto[]> {
    return this.reachable(viewer, nodeId, name).snapshots(name);
  }

  snapshot(viewer: Principal, nodeId: string, name: string, snapshot: string): Promise<SnapshotDto> {
    return this.logged(viewer, nodeId, name, EventAction.SNAPSHOT_CREATED, `snapshot "${name}" as "${snapshot}"`, async (board) => {
      const taken = await board.createSnapshot(name, snapshot);
      const size = taken.sizeBytes === null ? '' : ` (${taken.sizeBytes} bytes)`;
      return { answer: taken, message: `Took the snapshot "${snapshot}" of "${name}" on "${board.name}"${size}` };
    });
  }

  restore(viewer: Principal, nodeId: string, name: string, snapshot: string, stopFirst: boolean): Promise<ClusterInstanceDetailsDto> {
    const attempt = `restore "${name}" to its snapshot "${snapshot}"`;
    return this.logged(viewer, nodeId, name, EventAction.SNAPSHOT_RESTORED, attempt, async (board) => {
      const instance = await board.restoreSnapshot(name, snapshot, stopFirst);
      return {
        answer: { ...instance, nodeId: board.id, nodeName: board.name, owner: this.ownership.ownerOf(board.id, name).username },
        message: `Restored "${name}" on "${board.name}" to its snapshot "${snapshot}"${stopFirst ? ' (stopped first)' : ''}; now ${instance.state}`,
      };
    });
  }

  deleteSnapshot(viewer: Principal, nodeId: string, name: string, snapshot: string): Promise<void> {
    return this.logged(viewer, nodeId, name, EventAction.SNAPSHOT_DELETED, `delete the snapshot "${snapshot}" of "${name}"`, async (board) => {
      await board.deleteSnapshot(name, snapshot);
      return { answer: undefined, message: `Deleted the snapshot "${snapshot}" of "${name}" on "${board.name}"` };
    });
  }

  /** Limits and autostart of an instance, later: memory limits count in the owner's quota. */
  configure(viewer: Principal, nodeId: string, name: string, change: PatchInstanceDto): Promise<ClusterInstanceDetailsDto> {
    const wanted = describeConfigChange(change);
    return this.logged(viewer, nodeId, name, EventAction.INSTANCE_CONFIG_CHANGED, `set ${wanted} of "${name}"`, async (board) => {
      const quota = this.memoryQuota(viewer, board, name, change);
      try {
        const instance = await board.configure(name, change);
        const enforced = instance.limits.enforced ? '' : ` (not enforced: ${instance.limits.reason})`;
        return {
          answer: { ...instance, nodeId: board.id, nodeName: board.name, owner: this.ownership.ownerOf(board.id, name).username },
          message: `Set ${wanted} of "${name}" on "${board.name}"${enforced}`,
        };
      } finally {
        quota.release();
      }
    });
  }

  /** A raised memory limit is checked against the owner's memory quota (held until the node answered). */
  private memoryQuota(viewer: Principal, board: Board, name: string, change: PatchInstanceDto): QuotaReservation {
    if (!change.limits || !('memoryMiB' in change.limits)) return { release: () => undefined };
    const current = board.instances?.find((instance) => instance.name === name)?.limits.memoryMiB ?? 0;
    const next = change.limits.memoryMiB ?? null;
    const owner = this.ownership.ownerOf(board.id, name);
    return this.quotas.reserve(
      owner,
      { instances: 0, running: 0, memoryMiB: Math.max(0, (next ?? 0) - current), unlimitedMemory: next === null },
      isAdmin(viewer),
    );
  }

  /** Runs `act` on the instance's board and logs its end: the message it gives, or why it failed. */
  private async logged<T>(
    viewer: Principal,
    nodeId: string,
    name: string,
    action: EventAction,
    attempt: string,
    act: (board: Board) => Promise<{ answer: T; message: string }>,
  ): Promise<T> {
    let board: Board | undefined;
    try {
      board = this.reachable(viewer, nodeId, name);
      const { answer, message } = await act(board);
      this.record(viewer, nodeId, name, action, EventResult.SUCCESS, message);
      return answer;
    } catch (error) {
      if (error instanceof HttpException) this.record(viewer, nodeId, name, action, EventResult.FAILURE, `Could not ${attempt}: ${error.message}`);
      throw error;
    }
  }

  private record(viewer: Principal, nodeId: string, name: string, action: EventAction, result: EventResult, message: string): void {
    const board = this.registry.find(nodeId);
    this.eventLog.record({
      action,
      result,
      nodeId: board?.id ?? null,
      nodeName: board?.name ?? null,
      instance: name,
      message,
      actor: viewer.actor,
      owner: this.visibleOwner(viewer, nodeId, name),
    });
  }

  /** Whose instance the entry is about, when the viewer may see it; else nobody's (the entry is the admins'). */
  private visibleOwner(viewer: Principal, nodeId: string, name: string): EntryOwner | null {
    return this.registry.find(nodeId) && this.ownership.maySee(viewer, nodeId, name) ? this.ownership.entryOwner(nodeId, name) : null;
  }
}

/** 'memoryMiB 64, cpus none and autostart on' */
export function describeConfigChange(change: PatchInstanceDto): string {
  const limits = Object.entries(change.limits ?? {}).map(([key, value]) => `${key} ${value === null ? 'none' : String(value)}`);
  const autostart = change.autostart === undefined ? [] : [`autostart ${change.autostart ? 'on' : 'off'}`];
  const all = [...limits, ...autostart];
  return all.length === 0 ? 'nothing' : all.length === 1 ? all[0]! : `${all.slice(0, -1).join(', ')} and ${all.at(-1)}`;
}
