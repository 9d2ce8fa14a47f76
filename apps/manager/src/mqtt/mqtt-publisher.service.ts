import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { ManagerEventType, type ManagerEventDto } from '@tinystack/contracts';
import { BoardRegistry } from '../boards/board-registry.service.js';
import { ManagerEventBus } from '../events/manager-event-bus.js';
import { MqttBroker } from './mqtt-broker.service.js';
import { CLOUD_TOPIC_ROOT } from './topic-access.js';

/**
 * The cloud on the bus: what the manager's event bus says, republished as
 * MQTT topics (no polling of its own). Retained: a node's usage and state, its
 * LED frame, and each instance's state (cleared with an empty retained
 * message once it is gone); not retained: the event log's entries on
 * tinystack/events.
 *
 * The LED frame is not part of a poll: after each poll of a node the manager
 * reads the node's GET /led, while any MQTT client is connected (an idle
 * class costs the boards nothing), and publishes the frame when it changed.
 */
@Injectable()
export class MqttPublisher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('MQTT');
  private subscription?: Subscription;
  /** Per node id: the LED frame last published (only changes are sent), and whether a read of it is under way. */
  private readonly ledFrames = new Map<string, string>();
  private readonly ledReads = new Set<string>();
  private readonly nodeNames = new Map<string, string>();
  /** Per node: the instance topics last published, and their payloads (only changes are sent). */
  private readonly instanceTopics = new Map<string, Map<string, string>>();

  constructor(
    private readonly bus: ManagerEventBus,
    private readonly broker: MqttBroker,
    private readonly boards: BoardRegistry,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.broker.enabled) return;
    this.subscription = this.bus.events$.subscribe((event) => this.republish(event));
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  republish(event: ManagerEventDto): void {
    switch (event.type) {
      case ManagerEventType.NODE_USAGE:
        this.nodeNames.set(event.node.id, event.node.name);
        if (event.node.usage) this.broker.publish(nodeTopic(event.node.name, 'usage'), JSON.stringify(event.node.usage), true);
        void this.republishLed(event.node.id, event.node.name);
        return;
      case ManagerEventType.NODE_STATE:
        this.nodeNames.set(event.node.id, event.node.name);
        this.broker.publish(nodeTopic(event.node.name, 'state'), JSON.stringify({ state: event.node.state, since: event.at }), true);
        return;
      case ManagerEventType.NODE_REMOVED: {
        const name = this.nodeNames.get(event.nodeId);
        if (name) for (const what of ['usage', 'state', 'led']) this.broker.publish(nodeTopic(name, what), '', true);
        this.nodeNames.delete(event.nodeId);
        this.ledFrames.delete(event.nodeId);
        this.replaceInstances(event.nodeId, new Map());
        return;
      }
      case ManagerEventType.INSTANCES: {
        const next = new Map<string, string>();
        for (const instance of event.instances) {
          next.set(
            `${CLOUD_TOPIC_ROOT}/instances/${instance.owner}/${instance.name}/state`,
            JSON.stringify({ node: event.nodeName, state: instance.state, ipv4: instance.ipv4 }),
          );
        }
        this.replaceInstances(event.nodeId, next);
        return;
      }
      case ManagerEventType.ACTION:
        this.broker.publish(`${CLOUD_TOPIC_ROOT}/events`, JSON.stringify(event.entry), false);
        return;
      default:
        return;
    }
  }

  private async republishLed(nodeId: string, name: string): Promise<void> {
    if (this.broker.clientCount === 0) {
      // Nobody to tell: the next poll with a client connected publishes the frame afresh.
      this.ledFrames.delete(nodeId);
      return;
    }
    const board = this.boards.find(nodeId);
    if (!board || this.ledReads.has(nodeId)) return;
    this.ledReads.add(nodeId);
    try {
      const led = await board.led();
      const frame = JSON.stringify({ rows: led.rows, brightness: led.brightness, blink: led.blink, identifying: led.identifying });
      if (this.ledFrames.get(nodeId) === frame || !this.nodeNames.has(nodeId)) return;
      this.ledFrames.set(nodeId, frame);
      this.broker.publish(nodeTopic(name, 'led'), frame, true);
    } catch (error) {
      // The poll's own failure handling tells about a node that does not answer; this is the next poll's to retry.
      this.logger.debug(`Could not read the LED frame of ${name}: ${(error as Error).message}`);
    } finally {
      this.ledReads.delete(nodeId);
    }
  }

  private replaceInstances(nodeId: string, next: Map<string, string>): void {
    const previous = this.instanceTopics.get(nodeId) ?? new Map<string, string>();
    for (const topic of previous.keys()) if (!next.has(topic)) this.broker.publish(topic, '', true);
    for (const [topic, payload] of next) if (previous.get(topic) !== payload) this.broker.publish(topic, payload, true);
    if (next.size === 0) this.instanceTopics.delete(nodeId);
    else this.instanceTopics.set(nodeId, next);
  }
}

function nodeTopic(name: string, what: string): string {
  return `${CLOUD_TOPIC_ROOT}/nodes/${name}/${what}`;
}
