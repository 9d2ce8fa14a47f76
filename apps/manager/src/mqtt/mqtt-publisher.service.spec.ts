import { InstanceState, ManagerEventType, NodeState, type NodeDto, type OwnedInstanceDto } from '@tinystack/contracts';
import type { BoardRegistry } from '../boards/board-registry.service.js';
import { ManagerEventBus } from '../events/manager-event-bus.js';
import type { MqttBroker } from './mqtt-broker.service.js';
import { MqttPublisher } from './mqtt-publisher.service.js';

const AT = '2025-01-01T10:00:00.000Z';
const instance = (name: string, owner: string, state: InstanceState): OwnedInstanceDto => ({ name, owner, state, ipv4: [] }) as unknown as OwnedInstanceDto;

describe('MqttPublisher', () => {
  let published: Array<[string, string, boolean]>;
  let bus: ManagerEventBus;
  let publisher: MqttPublisher;

  beforeEach(() => {
    published = [];
    // No MQTT client connected: the LED frame is not read (the e2e reads it from real nodes).
    const broker = { enabled: true, clientCount: 0, publish: (topic: string, payload: string, retain: boolean) => published.push([topic, payload, retain]) };
    bus = new ManagerEventBus();
    publisher = new MqttPublisher(bus, broker as unknown as MqttBroker, { find: () => undefined } as unknown as BoardRegistry);
    publisher.onApplicationBootstrap();
  });

  afterEach(() => publisher.onModuleDestroy());

  it("retains each node's usage and state, and clears them and its LED frame when the node is removed", () => {
    const node = { id: 'n1', name: 'pi-1', state: NodeState.ACTIVE, usage: { cpuPercent: 12 } } as unknown as NodeDto;
    bus.publish(() => ({ type: ManagerEventType.NODE_STATE, at: AT, previousState: NodeState.PENDING, node }));
    bus.publish(() => ({ type: ManagerEventType.NODE_USAGE, at: AT, node, instanceFigures: [] }));
    bus.publish(() => ({ type: ManagerEventType.NODE_REMOVED, at: AT, nodeId: 'n1' }));
    expect(published).toEqual([
      ['tinystack/nodes/pi-1/state', JSON.stringify({ state: NodeState.ACTIVE, since: AT }), true],
      ['tinystack/nodes/pi-1/usage', JSON.stringify({ cpuPercent: 12 }), true],
      ['tinystack/nodes/pi-1/usage', '', true],
      ['tinystack/nodes/pi-1/state', '', true],
      ['tinystack/nodes/pi-1/led', '', true],
    ]);
  });

  it("retains each instance's state under its owner, sends only changes, and clears a deleted one", () => {
    const list = (instances: OwnedInstanceDto[]) => bus.publish(() => ({ type: ManagerEventType.INSTANCES, at: AT, nodeId: 'n1', nodeName: 'pi-1', instances }));
    list([instance('web', 'alice', InstanceState.RUNNING), instance('db', 'bob', InstanceState.STOPPED)]);
    list([instance('web', 'alice', InstanceState.RUNNING), instance('db', 'bob', InstanceState.STOPPED)]);
    list([instance('web', 'alice', InstanceState.STOPPED)]);
    expect(published).toEqual([
      ['tinystack/instances/alice/web/state', JSON.stringify({ node: 'pi-1', state: InstanceState.RUNNING, ipv4: [] }), true],
      ['tinystack/instances/bob/db/state', JSON.stringify({ node: 'pi-1', state: InstanceState.STOPPED, ipv4: [] }), true],
      ['tinystack/instances/bob/db/state', '', true],
      ['tinystack/instances/alice/web/state', JSON.stringify({ node: 'pi-1', state: InstanceState.STOPPED, ipv4: [] }), true],
    ]);
  });
});
