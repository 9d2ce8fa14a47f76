import { Injectable, Logger } from '@nestjs/common';
import { EventAction, EventResult, ManagerEventType, NodeState } from '@tinystack/contracts';
import { Clock } from '../clock/clock.js';
import { EventLog } from '../events/event-log.service.js';
import { ManagerEventBus } from '../events/manager-event-bus.js';
import { UsageHistoryService } from '../history/usage-history.service.js';
import type { Board, BoardListener } from './board.js';
import { toNodeDto } from './node-dto.mapper.js';

/** States a node's loss of service is logged on, and its return from. */
const TROUBLE = new Set([NodeState.UNREACHABLE, NodeState.FAULTY]);

/** Turns what boards tell into live events, usage history and event log entries. */
@Injectable()
export class BoardPublisher implements BoardListener {
  private readonly logger = new Logger('Nodes');

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
    this.bus.publish(() => ({ type: ManagerEventType.NODE_USAGE, at: at.toISOString(), node: toNodeDto(board) }));
  }

  instancesChanged(board: Board): void {
    const instances = board.instances;
    if (!instances) return;
    this.bus.publish(() => ({
      type: ManagerEventType.INSTANCES,
      at: this.clock.now().toISOString(),
      nodeId: board.id,
      nodeName: board.name,
      instances,
    }));
  }

  private logStateChange(board: Board, result: EventResult, message: string): void {
    this.eventLog.record({ action: EventAction.NODE_STATE_CHANGED, result, nodeId: board.id, nodeName: board.name, instance: null, message });
  }
}
