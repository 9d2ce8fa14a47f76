import { memoryDatabase } from '../testing/memory-database.js';
import { SqliteMqttRepository } from '../storage/sqlite-mqtt.repository.js';
import { OutgoingQueues, type OutgoingPacket } from './mqtt-outgoing-queues.js';

let counter = 0;
const packet = (topic: string, payload = 'x'): OutgoingPacket => ({
  cmd: 'publish',
  brokerId: 'broker-a',
  brokerCounter: ++counter,
  topic,
  payload: Buffer.from(payload),
  qos: 1,
  retain: false,
  dup: false,
});

async function read(queues: OutgoingQueues, clientId: string): Promise<string[]> {
  const topics: string[] = [];
  for await (const held of queues.stream(clientId)) topics.push((held as OutgoingPacket).topic);
  return topics;
}

describe('OutgoingQueues', () => {
  it('keeps each session its own copy in order, finds it by broker counter then packet id, and clears it on the PUBACK', async () => {
    const queues = new OutgoingQueues();
    const first = packet('a/1');
    queues.enqueue('sensor', first);
    queues.enqueue('sensor', packet('a/2'));
    queues.enqueue('other', packet('b/1'));
    expect(await read(queues, 'sensor')).toEqual(['a/1', 'a/2']);
    queues.update('sensor', { ...first, messageId: 7 });
    expect(first.messageId).toBeUndefined();
    expect(() => queues.update('sensor', { ...packet('a/3'), messageId: 8 })).toThrow('no such packet');
    expect(queues.clear('sensor', 7)?.topic).toBe('a/1');
    expect(queues.clear('sensor', 7)).toBeUndefined();
    expect(await read(queues, 'sensor')).toEqual(['a/2']);
    expect(await read(queues, 'other')).toEqual(['b/1']);
  });

  it('drops the oldest messages over the bound of messages or bytes, and says how many', async () => {
    const queues = new OutgoingQueues({ messages: 3, bytes: 100 });
    for (let index = 0; index < 5; index += 1) queues.enqueue('sensor', packet(`t/${index}`));
    expect(await read(queues, 'sensor')).toEqual(['t/2', 't/3', 't/4']);
    queues.enqueue('sensor', packet('big', 'y'.repeat(97)));
    expect(await read(queues, 'sensor')).toEqual(['big']);
    expect(queues.changes().changes.dropped).toEqual(new Map([['sensor', 5]]));
  });

  it('writes only what is still queued at the flush, once, and deletes it once acknowledged', () => {
    const queues = new OutgoingQueues();
    const gone = { ...packet('t/gone') };
    queues.enqueue('sensor', gone);
    queues.update('sensor', { ...gone, messageId: 1 });
    queues.clear('sensor', 1);
    const kept = packet('t/kept');
    queues.enqueue('sensor', kept);
    const first = queues.changes();
    expect(first.changes.added.map((row) => row.topic)).toEqual(['t/kept']);
    expect(first.changes.removed).toEqual([]);
    first.written();
    expect(queues.changes().changes.added).toEqual([]);
    queues.update('sensor', { ...kept, messageId: 2 });
    queues.clear('sensor', 2);
    expect(queues.changes().changes.removed).toEqual([{ clientId: 'sensor', position: first.changes.added[0]!.position }]);
  });

  it('survives a restart through SQLite: the rows of the queue come back in order, a failed write is retried', async () => {
    const repository = new SqliteMqttRepository(memoryDatabase());
    const write = (queues: OutgoingQueues) => {
      const { changes, written } = queues.changes();
      repository.write({ retained: [], subscribed: [], unsubscribed: [], cleaned: [], queuedAdded: changes.added, queuedRemoved: changes.removed });
      written();
    };
    const before = new OutgoingQueues();
    for (const topic of ['q/1', 'q/2', 'q/3']) before.enqueue('sensor', { ...packet(topic), retain: topic === 'q/2' });
    write(before);
    before.update('sensor', { ...(await firstOf(before, 'sensor')), messageId: 5 });
    before.clear('sensor', 5);
    const failed = before.changes();
    before.putBack(failed.changes);
    write(before);

    const after = new OutgoingQueues();
    after.restore(repository.queued());
    expect(await read(after, 'sensor')).toEqual(['q/2', 'q/3']);
    const restored = await firstOf(after, 'sensor');
    expect(restored).toMatchObject({ topic: 'q/2', retain: true, qos: 1, brokerId: 'broker-a', payload: Buffer.from('x'), messageId: undefined });
    after.enqueue('sensor', packet('q/4'));
    const next = after.changes().changes.added;
    expect(next.map((row) => row.topic)).toEqual(['q/4']);
    expect(next[0]!.position).toBeGreaterThan(3);
  });
});

async function firstOf(queues: OutgoingQueues, clientId: string): Promise<OutgoingPacket> {
  for await (const held of queues.stream(clientId)) return held as OutgoingPacket;
  throw new Error('empty queue');
}
