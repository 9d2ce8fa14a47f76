import { Inject, Injectable } from '@nestjs/common';
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
import { Clock } from '../clock/clock.js';
import { toLedStatusDto } from '../compute/compute-dto.mapper.js';
import { ManagerSettings } from '../config/manager.settings.js';
import { EventLog } from '../events/event-log.service.js';
import { ManagerEventBus } from '../events/manager-event-bus.js';
import { UsageHistoryService } from '../history/usage-history.service.js';
import { toNodeDto } from './node-dto.mapper.js';
import { callNode, operableNode } from './node-operations.js';
import { NodeRegistry } from './node-registry.service.js';

/** Reading and removing registered nodes; everything is answered from memory except the LED frame. */
@Injectable()
export class NodesService {
  constructor(
    private readonly registry: NodeRegistry,
    private readonly history: UsageHistoryService,
    private readonly bus: ManagerEventBus,
    private readonly eventLog: EventLog,
    private readonly clock: Clock,
    @Inject(ManagerSettings) private readonly settings: ManagerSettings,
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

  unregister(id: string): void {
    const node = this.registry.remove(id);
    this.bus.publish(() => ({ type: ManagerEventType.NODE_REMOVED, at: this.clock.now().toISOString(), nodeId: id }));
    this.eventLog.record({
      action: EventAction.NODE_UNREGISTERED,
      result: EventResult.SUCCESS,
      nodeId: node.id,
      nodeName: node.name,
      instance: null,
      message: `Unregistered node "${node.name}" (${node.url}); its instances were left as they are`,
    });
  }

  usageHistory(id: string, query: UsageHistoryQuery): UsageHistoryDto {
    return this.history.range(this.registry.require(id).id, query);
  }

  async led(id: string): Promise<LedStatusDto> {
    const node = operableNode(this.registry, id);
    const led = await callNode(node, () => node.client.led({ timeoutMs: this.settings.POLL_TIMEOUT_MS }));
    return toLedStatusDto(led);
  }

  /** Blinks the node's whole LED matrix so a person can find the board; the node answers at once. */
  async identify(id: string, request: IdentifyLedDto): Promise<LedStatusDto> {
    const node = operableNode(this.registry, id);
    const led = await callNode(node, () =>
      node.client.identifyLed({ seconds: request.seconds }, { timeoutMs: this.settings.NODE_REQUEST_TIMEOUT_MS }),
    );
    return toLedStatusDto(led);
  }
}
