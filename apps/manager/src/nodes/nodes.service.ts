import { HttpException, Injectable, ServiceUnavailableException } from '@nestjs/common';
import {
  EventAction,
  EventResult,
  ManagerEventType,
  type IdentifyLedDto,
  type LedStatusDto,
  type NodeDto,
  type UsageHistoryDto,
  type UsageHistoryQuery,
} from '@tinystack/contracts';
import { BoardRegistry } from '../boards/board-registry.service.js';
import { toNodeDto } from '../boards/node-dto.mapper.js';
import { Clock } from '../clock/clock.js';
import { EventLog } from '../events/event-log.service.js';
import { ManagerEventBus } from '../events/manager-event-bus.js';
import { UsageHistoryService } from '../history/usage-history.service.js';
import { OwnershipService } from '../ownership/ownership.service.js';
import { describeDatabaseError } from '../storage/database-health.js';

/** Reading and removing registered nodes; everything is answered from memory except the LED frame. */
@Injectable()
export class NodesService {
  constructor(
    private readonly registry: BoardRegistry,
    private readonly history: UsageHistoryService,
    private readonly bus: ManagerEventBus,
    private readonly eventLog: EventLog,
    private readonly clock: Clock,
    private readonly ownership: OwnershipService,
  ) {}

  list(): NodeDto[] {
    return this.registry
      .all()
      .map(toNodeDto)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  get(id: string): NodeDto {
    return toNodeDto(this.registry.require(id));
  }

  unregister(id: string, actor: string): void {
    let board;
    try {
      board = this.registry.remove(id);
    } catch (error) {
      if (!(error instanceof HttpException)) {
        throw new ServiceUnavailableException(`The node was not unregistered: the database cannot be written (${describeDatabaseError(error)})`);
      }
      throw error;
    }
    this.ownership.forgetNode(id);
    this.history.forget(id);
    this.bus.publish(() => ({ type: ManagerEventType.NODE_REMOVED, at: this.clock.now().toISOString(), nodeId: id }));
    this.eventLog.record({
      action: EventAction.NODE_UNREGISTERED,
      result: EventResult.SUCCESS,
      nodeId: board.id,
      nodeName: board.name,
      instance: null,
      message: `Unregistered node "${board.name}" (${board.url}); its instances were left as they are`,
      actor,
      owner: null,
    });
  }

  usageHistory(id: string, query: UsageHistoryQuery): UsageHistoryDto {
    return this.history.range(this.registry.require(id).id, query);
  }

  async led(id: string): Promise<LedStatusDto> {
    return this.registry.require(id).led();
  }

  /** Blinks the node's whole LED matrix so a person can find the board; the node answers at once. */
  async identify(id: string, request: IdentifyLedDto): Promise<LedStatusDto> {
    return this.registry.require(id).identify(request.seconds);
  }
}
