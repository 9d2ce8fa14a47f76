import { UserRole } from '@tinystack/contracts';
import { memberMayReceive } from './mqtt-broker.service.js';
import { topicAccess, type TopicAction } from './topic-access.js';

const alice = { username: 'alice', role: UserRole.MEMBER };
const admin = { username: 'admin', role: UserRole.ADMIN };

describe('topicAccess', () => {
  const table: Array<[typeof alice, TopicAction, string, boolean]> = [
    [alice, 'publish', 'class/alice/led', true],
    [alice, 'publish', 'class/alice', true],
    [alice, 'publish', 'class/alice/robot/arm/angle', true],
    [alice, 'publish', 'class/bob/led', false],
    [alice, 'publish', 'class/alicex/led', false],
    [alice, 'publish', 'class', false],
    [alice, 'publish', 'tinystack/nodes/pi-1/usage', false],
    [alice, 'publish', 'elsewhere', false],
    [alice, 'publish', '$SYS/broker', false],
    [alice, 'subscribe', 'class/alice/#', true],
    [alice, 'subscribe', 'class/alice/+/temperature', true],
    [alice, 'subscribe', 'class/alice', true],
    [alice, 'subscribe', 'tinystack/#', true],
    [alice, 'subscribe', 'tinystack/nodes/+/usage', true],
    [alice, 'subscribe', 'tinystack/instances/alice/web/state', true],
    [alice, 'subscribe', '#', false],
    [alice, 'subscribe', '+/alice/#', false],
    [alice, 'subscribe', 'class/#', false],
    [alice, 'subscribe', 'class/+/led', false],
    [alice, 'subscribe', 'class/bob/#', false],
    [alice, 'subscribe', '$SYS/#', false],
    [alice, 'subscribe', 'elsewhere/#', false],
    [admin, 'publish', 'class/bob/led', true],
    [admin, 'publish', 'lab/door', true],
    [admin, 'publish', 'tinystack/nodes/pi-1/usage', false],
    [admin, 'publish', '$SYS/broker', false],
    [admin, 'subscribe', '#', true],
    [admin, 'subscribe', '$SYS/#', true],
    [admin, 'subscribe', 'class/+/led', true],
  ];

  it.each(table)('%o %s %s: %s', (principal, action, topic, allowed) => {
    expect(topicAccess(principal, topic, action)).toBe(allowed);
  });
});

describe('memberMayReceive', () => {
  const entry = (owner: string | null) => JSON.stringify({ action: 'instance-created', instance: 'web', owner });
  const table: Array<[string, string, boolean]> = [
    ['tinystack/nodes/pi-1/usage', '{"cpuPercent":3}', true],
    ['tinystack/instances/alice/web/state', '{"state":"RUNNING"}', true],
    ['tinystack/instances/bob/web/state', '{"state":"RUNNING"}', false],
    ['tinystack/events', entry('alice'), true],
    ['tinystack/events', entry('bob'), false],
    ['tinystack/events', entry(null), false],
    ['tinystack/events', 'not json', false],
    ['class/alice/led', 'on', true],
  ];

  it.each(table)('alice, %s %s: %s', (topic, payload, allowed) => {
    expect(memberMayReceive('alice', { topic, payload: Buffer.from(payload) })).toBe(allowed);
  });
});
