import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Subject, type Observable } from 'rxjs';
import { EventAction, EventResult, ManagerEventType, NODE_ACTOR, NodeState } from '@tinystack/contracts';
import { Clock } from '../clock/clock.js';
import { EventLog } from '../events/event-log.service.js';
import { ManagerEventBus } from '../events/manager-event-bus.js';
import { UsageHistoryService } from '../history/usage-history.service.js';
import type { Board, BoardListener } from './board.js';
import { toNodeDto } from './node-dto.mapper.js';

/** States a node's loss of service is logged on, and its return from. */
const TROUBLE = new Set([NodeState.UNREACHABLE, NodeState.FAULTY]);

/**
 * Turns what boards tell into live events, usage history and event log
 * entries. A changed instance list is passed on as it is (instanceLists$):
 * the live event needs each instance's owner, which the boards do not know.
 */
@Injectable()
export class BoardPublisher implements BoardListener, OnModuleDestroy {
  private readonly logger = new Logger('Nodes');
  private readonly lists = new Subject<Board>();

  constructor(
    private readonly bus: ManagerEventBus,
    private readonly eventLog: EventLog,
    private readonly history: UsageHistoryService,
    private readonly clock: Clock,
  ) {}

  stateChanged(board: Board, previousState: NodeState): void {
    this.bus.publish(() => ({ type: ManagerEventType.NODE_STATE, at: this.clock.now().toISOString(), previousState, node: toNodeDto(board) }));
    if (board.state === previousState) return;
    if (TROUBLE.has(board.state)) {
      this.logStateChange(
        board,
        EventResult.FAILURE,
        board.state === NodeState.UNREACHABLE
          ? `Node "${board.name}" is UNREACHABLE after ${board.consecutiveFailures} failed polls: ${board.lastError}`
          : `Node "${board.name}" is FAULTY: ${board.lastError}`,
      );
    } else if (TROUBLE.has(previousState)) {
      this.logStateChange(board, EventResult.SUCCESS, `Node "${board.name}" answers ${previousState === NodeState.FAULTY ? 'correctly ' : ''}again and is ${board.state}`);
    } else {
      this.logger.log(`Node "${board.name}" is ${board.state}`);
    }
  }

  polled(board: Board): void {
    const at = board.lastSeenAt ?? this.clock.now();
    if (board.usage) this.history.offer(board, board.usage, board.pollLatencyMs, at);
    this.bus.publish(() => ({
      type: ManagerEventType.NODE_USAGE,
      at: at.toISOString(),
      node: toNodeDto(board),
      instanceFigures: board.runningInstanceFigures(),
    }));
  }

  instancesChanged(board: Board): void {
    if (board.instances) this.lists.next(board);
  }

  /** A board whose cached instance list changed. */
  get instanceLists$(): Observable<Board> {
    return this.lists.asObservable();
  }

  onModuleDestroy(): void {
    this.lists.complete();
  }

  private logStateChange(board: Board, result: EventResult, message: string): void {
    this.eventLog.record({
      action: EventAction.NODE_STATE_CHANGED,
      result,
      nodeId: board.id,
      nodeName: board.name,
      instance: null,
      message,
      actor: NODE_ACTOR,
      owner: null,
    });
  }
}
