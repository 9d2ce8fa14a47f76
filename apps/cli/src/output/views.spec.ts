import { NO_INSTANCE_LIMITS } from '@tinystack/contracts';
import { aLedStatus, aLogEntry, aNode, anInstance, anOperation, aUsage } from '@tinystack/manager-client/test-support';
import { describeEvent } from '../verbs/events.verb.js';
import { formatTable } from './table.js';
import { INSTANCE_COLUMNS } from './instance-view.js';
import { formatLedFrame, ledRowText } from './led-frame.js';
import { formatNodeDetails, NODE_COLUMNS, nodeNotes } from './node-view.js';
import { formatOperationDetails, operationColumns, operationNotes } from './operation-view.js';
import { bytes, cpuTime, duration, percent, rate } from './figures.js';

const widest = (text: string) => Math.max(...text.split('\n').map((line) => line.length));

describe('the nodes table', () => {
  it("shows the paper's columns for a node, with running/total instances and the address without http://", () => {
    const [header, row] = formatTable(NODE_COLUMNS, [aNode()], 80).split('\n');
    expect(header).toMatch(/^NAME +STATE +CPU +MEM +RX\/s +TX\/s +IOPS +INST +ADDRESS$/);
    expect(row).toMatch(/^pi-1 +ACTIVE +12\.5% +41\.3% +2\.0 kB +1\.0 kB +3\.5 +1\/2 +10\.0\.0\.21:7001$/);
  });

  it('fits 80 columns with long names, long addresses and unreachable nodes, and says why below', () => {
    const nodes = [
      aNode({ name: 'raspberry-pi-in-the-back-row-of-room-12', url: 'https://compute-node-12.classroom.example.org:7001' }),
      aNode({ name: 'pi-2', state: 'UNREACHABLE', usage: aUsage({ networkRxBytesPerSecond: 987_654_321 }), lastError: 'connection refused (connect ECONNREFUSED 10.0.0.22:7001)' }),
      aNode({ name: 'pi-3', usage: null, instanceCount: null, runningInstanceCount: null, instancesError: 'LXC is not installed: apt-get install lxc' }),
    ];
    const table = formatTable(NODE_COLUMNS, nodes, 80);
    expect(widest(table)).toBeLessThanOrEqual(80);
    expect(table.split('\n')[1]).toMatch(/^raspberry-\S*… +ACTIVE .* https:\/\/\S*…$/);
    expect(table.split('\n')[2]).toMatch(/^pi-2 +UNREACHABLE +12\.5% +41\.3% +988 MB/);
    expect(table.split('\n')[3]).toMatch(/^pi-3 +ACTIVE +- +- +- +- +- +- +10\.0\.0\.21:7\S*$/);
    const notes = nodeNotes(nodes, 80);
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatch(/^pi-2 is UNREACHABLE \(last seen \d\d:\d\d:\d\d\): connection refused/);
    expect(notes[1]).toBe('pi-3 cannot run instances: LXC is not installed: apt-get install lxc');
    for (const note of notes) expect(widest(note)).toBeLessThanOrEqual(80);
  });
});

describe('a node in trouble', () => {
  it('says why a FAULTY node is, and that the figures of a node UNREACHABLE or FAULTY are its last good ones', () => {
    const nodes = [
      aNode({ name: 'pi-2', state: 'FAULTY', usageStale: true, lastError: 'GET /usage: cpuPercent must be a number from 0 to 100 (got "99")' }),
      aNode({ name: 'pi-3', state: 'UNREACHABLE', usageStale: true, lastError: 'no answer within 1500 ms' }),
    ];
    const table = formatTable(NODE_COLUMNS, nodes, 80);
    expect(table.split('\n')[1]).toMatch(/^pi-2 +FAULTY +12\.5%/);
    const notes = nodeNotes(nodes, 80);
    expect(notes[0]!.replace(/\s+/g, ' ')).toMatch(/^pi-2 is FAULTY, its answers break the compute contract \(last good poll \d\d:\d\d:\d\d\): GET \/usage: cpuPercent/);
    expect(notes[0]!.replace(/\s+/g, ' ')).toMatch(/Its figures are stale: the last good ones, of \d\d:\d\d:\d\d\.$/);
    expect(notes[1]!.replace(/\s+/g, ' ')).toMatch(/^pi-3 is UNREACHABLE .*no answer within 1500 ms\. Its figures are stale/);
    for (const note of notes) expect(widest(note)).toBeLessThanOrEqual(80);
  });

  it("shows a node's action lane, its reserved creates and stale figures in its details", () => {
    const now = Date.parse('2026-01-05T10:00:05.000Z');
    const busy = aNode({ actions: { running: 4, queued: 2, oldestQueuedMs: 3_400 }, reservedInstances: 1 });
    const text = formatNodeDetails(busy, 80, now);
    expect(text).toMatch(/^Actions +4 running, 2 queued \(the oldest waiting 3 s\)$/m);
    expect(text).toMatch(/^Reserved +1 create in flight$/m);
    expect(text).toMatch(/^Version +0\.1\.0$/m);
    expect(formatNodeDetails(aNode(), 80, now)).toMatch(/^Actions +none$/m);
    const stale = formatNodeDetails(aNode({ state: 'FAULTY', usageStale: true, lastError: 'GET /usage: the answer is larger than 1 MB' }), 80, now);
    expect(stale.replace(/\s+/g, ' ')).toContain('stale, the last good figures before the node became FAULTY');
    expect(stale).toMatch(/^Last error +GET \/usage: the answer is larger than 1 MB$/m);
  });
});

describe('operations', () => {
  const now = Date.parse('2026-01-05T10:00:05.000Z');
  const failed = anOperation({
    id: '9e8d7c6b-1111-4222-8333-444455556666',
    action: 'create',
    instance: 'web2',
    status: 'failed',
    finishedAt: '2026-01-05T10:00:01.500Z',
    error: { statusCode: 409, message: 'Node "pi-1": An instance named "web2" already exists' },
  });

  it('fit a table of 80 columns with short ids, and say below why the failed ones failed', () => {
    const table = formatTable(operationColumns(now), [anOperation(), failed], 80);
    expect(widest(table)).toBeLessThanOrEqual(80);
    expect(table.split('\n')[1]).toMatch(/^5d3c8a4e +running +create +web1 +pi-1 +\d\d:\d\d:\d\d +5 s so far$/);
    expect(table.split('\n')[2]).toMatch(/^9e8d7c6b +failed +create +web2 +pi-1 +\d\d:\d\d:\d\d +2 s$/);
    const notes = operationNotes([anOperation(), failed], 80);
    expect(notes.map((note) => note.replace(/\s+/g, ' '))).toEqual([
      '9e8d7c6b the create of web2 on pi-1 failed: Node "pi-1": An instance named "web2" already exists',
    ]);
    for (const note of notes) expect(widest(note)).toBeLessThanOrEqual(80);
  });

  it('show one in labelled lines: what, where, when, and how it ended', () => {
    const text = formatOperationDetails({ ...failed, note: "the node's answer was lost (socket hang up); re-read: the instance does not exist" }, 80, now);
    expect(text).toMatch(/^Action +create web2$/m);
    expect(text).toMatch(/^Status +failed$/m);
    expect(text).toMatch(/^Ended +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(took 2 s\)$/m);
    expect(text).toMatch(/^Error +409: Node "pi-1": An instance named "web2" already exists$/m);
    expect(text).toMatch(/^Note +the node's answer was lost/m);
    expect(widest(text)).toBeLessThanOrEqual(80);
  });
});

describe('the instances table', () => {
  it('wraps long names and address lists instead of cutting them, and marks a node that is not ACTIVE', () => {
    const instances = [
      anInstance({ name: 'a-container-with-a-name-that-is-quite-long-for-a-table-cell', ipv4: ['10.0.3.12', '10.0.3.13', '192.168.100.200'] }),
      anInstance({ name: 'db1', state: 'STOPPED', ipv4: [], nodeName: 'pi-2', nodeState: 'UNREACHABLE' }),
    ];
    const table = formatTable(INSTANCE_COLUMNS, instances, 60);
    expect(widest(table)).toBeLessThanOrEqual(60);
    const lines = table.split('\n');
    const column = (header: string, next: string) => (line: string) => line.slice(lines[0]!.indexOf(header), lines[0]!.indexOf(next)).trim();
    // Every line of the first row holds a piece of the name, in its own column.
    const firstRow = lines.slice(1, lines.findIndex((line) => line.startsWith('db1')));
    expect(firstRow.map(column('NAME', 'STATE')).join('')).toBe('a-container-with-a-name-that-is-quite-long-for-a-table-cell');
    expect(firstRow.map((line) => line.slice(lines[0]!.indexOf('IPV4')).trim()).filter(Boolean).join(' ')).toBe('10.0.3.12, 10.0.3.13, 192.168.100.200');
    expect(table).toMatch(/^db1 +STOPPED +pi-2 +-\n +\(UNREACHABLE\)$/m);
  });
});

describe('node details', () => {
  it('lists what the manager knows, and says so when there is no usage yet', () => {
    const now = Date.parse('2026-01-05T10:00:05.000Z');
    const text = formatNodeDetails(aNode(), 80, now);
    expect(text).toMatch(/^Name +pi-1$/m);
    expect(text).toMatch(/^Memory +41\.3% \(412 MB of 998 MB\)$/m);
    expect(text).toMatch(/^Last seen +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(5 s ago\)$/m);
    expect(formatNodeDetails(aNode({ usage: null }), 80, now)).toMatch(/^Usage +none yet/m);
    expect(widest(text)).toBeLessThanOrEqual(80);
  });
});

describe('the LED frame', () => {
  it('draws bit x of a row as column x, column 0 on the left', () => {
    expect(ledRowText(0b00000001)).toBe('● · · · · · · ·');
    expect(ledRowText(0b10000011)).toBe('● ● · · · · · ●');
    expect(ledRowText(255)).toBe('● ● ● ● ● ● ● ●');
  });

  it('puts each row beside its legend, wrapping long meanings within the width, then the display and the chip', () => {
    const led = aLedStatus({
      rows: [1, 3, 0, 0, 0, 0, 0, 255],
      legend: [{ row: 0, label: 'Containers', meaning: 'One LED per running container, from the left; all eight lit means eight or more' }],
    });
    const text = formatLedFrame(led, 80, { meanings: true });
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^  ● · · · · · · ·  Containers  One LED per running container/);
    expect(lines[1]).toMatch(/^ {31}\S/);
    expect(text).toContain('● ● · · · · · ·  Row 1');
    expect(text).toContain('● ● ● ● ● ● ● ●  Row 7');
    expect(text).toMatch(/Chip +not used \(LED_ENABLED=false on the node\)/);
    expect(widest(text)).toBeLessThanOrEqual(80);
    expect(formatLedFrame(led, 80, { meanings: false }).split('\n')[0]).toBe('  ● · · · · · · ·  Containers');
  });
});

describe('live event lines', () => {
  it('say when, what kind and what happened, naming removed nodes by their last known name', () => {
    const names = new Map([[aNode().id, 'pi-1']]);
    expect(describeEvent({ type: 'action', at: '2026-01-05T10:00:00.000Z', entry: aLogEntry({ actor: 'alice' }) }, names)).toMatch(
      /^\d\d:\d\d:\d\d  action    Created "web1" \(STOPPED\) on "pi-1" \(by alice\)$/,
    );
    expect(describeEvent({ type: 'node-removed', at: '2026-01-05T10:00:00.000Z', nodeId: aNode().id }, names)).toMatch(/^\d\d:\d\d:\d\d  removed   node pi-1$/);
    expect(
      describeEvent(
        { type: 'instances', at: '2026-01-05T10:00:00.000Z', nodeId: aNode().id, nodeName: 'pi-1', instances: [{ id: 'web1', name: 'web1', state: 'RUNNING', ipv4: [], limits: NO_INSTANCE_LIMITS, autostart: false, owner: 'admin' }] },
        names,
      ),
    ).toMatch(/instances pi-1: web1 RUNNING$/);
    expect(describeEvent({ type: 'node-state', at: '2026-01-05T10:00:00.000Z', previousState: 'ACTIVE', node: aNode({ state: 'UNREACHABLE', lastError: 'timeout' }) }, names)).toMatch(
      /node      pi-1 is UNREACHABLE \(was ACTIVE\): timeout$/,
    );
  });
});

describe('figures', () => {
  it('are short and decimal, with "-" for none', () => {
    expect([percent(12.345), percent(null), bytes(999), bytes(1000), bytes(412_000_000), rate(2048), rate(undefined)]).toEqual([
      '12.3%', '-', '999 B', '1.0 kB', '412 MB', '2.0 kB/s', '-',
    ]);
    expect([cpuTime(1_250_000_000), cpuTime(184e9), duration(7_500_000), duration(3 * 86_400_000)]).toEqual(['1.25 s', '3 min 4 s', '2 h 5 min', '3 d 0 h']);
  });
});
