import type { Answer } from 'dns-packet';
import { boardsIn } from './dns-sd-boards.js';

const ID = 'a51a2c53-da9f-47ef-bbb3-e5637a98d7b0';
const INSTANCE = 'pi-a51a2c53._tinystack._tcp.local';

function announcement(txt: string[], extra: Answer[] = [], ttl = 120): Answer[] {
  return [
    { name: '_tinystack._tcp.local', type: 'PTR', ttl, data: INSTANCE },
    { name: INSTANCE, type: 'SRV', ttl, data: { priority: 0, weight: 0, port: 7001, target: 'pi-a51a2c53.local' } },
    { name: INSTANCE, type: 'TXT', ttl, data: txt.map((entry) => Buffer.from(entry)) },
    { name: 'pi-a51a2c53.local', type: 'A', ttl, data: '10.0.0.23' },
    ...extra,
  ];
}

describe('boardsIn', () => {
  it('reads a board as a compute node announces it: id, version, joined, port and addresses', () => {
    expect(boardsIn(announcement([`id=${ID}`, 'v=0.1.0', 'joined=0'], [{ name: 'pi-a51a2c53.local', type: 'A', ttl: 120, data: '192.168.1.9' }]))).toEqual([
      { computeId: ID, label: 'pi-a51a2c53', port: 7001, addresses: ['10.0.0.23', '192.168.1.9'], version: '0.1.0', joined: false, ttl: 120 },
    ]);
    expect(boardsIn(announcement([`id=${ID}`, 'v=0.1.0', 'joined=1']))[0]!.joined).toBe(true);
  });

  it('takes a goodbye (TTL 0) as one, and leaves out what is malformed or not a board', () => {
    expect(boardsIn(announcement([`id=${ID}`], [], 0))[0]!.ttl).toBe(0);
    expect(boardsIn(announcement(['id=not-a-uuid', 'v=0.1.0']))).toEqual([]);
    expect(boardsIn(announcement(['v=0.1.0']))).toEqual([]);
    expect(boardsIn(announcement([`id=${ID}`, 'v=<script>']))[0]!.version).toBeNull();
    expect(boardsIn([{ name: '_printer._tcp.local', type: 'PTR', ttl: 120, data: 'hp._printer._tcp.local' }])).toEqual([]);
    // An SRV without its TXT in the packet: not enough to know which board it is.
    expect(boardsIn(announcement([`id=${ID}`]).filter((record) => record.type !== 'TXT'))).toEqual([]);
  });
});
