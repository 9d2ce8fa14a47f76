import { IsUUID } from 'class-validator';
import { NumberField } from './answer-fields.js';
import { answerProblems, listAnswerProblems } from './answer-problems.js';
import { InstanceDetailsDto, InstanceDto, MAX_NODE_INSTANCES } from './instance.dto.js';
import { LedStatusDto } from './led.dto.js';
import { UsageDto } from './usage.dto.js';

const USAGE = {
  hostname: 'pi-1',
  sampledAt: '2025-01-01T10:00:00.000Z',
  cpuPercent: 12.5,
  memoryPercent: 40,
  memoryUsedBytes: 400_000_000,
  memoryTotalBytes: 1_000_000_000,
  networkRxBytesPerSecond: 1.5,
  networkTxBytesPerSecond: 0,
  iops: 3,
  runningInstances: 1,
  totalInstances: 2,
  temperatureCelsius: null,
};
const LIMITS = { memoryMiB: 64, cpus: null, cpuPercent: null, processes: null, enforced: true, reason: null, appliesAtNextStart: false };
const INSTANCE = { id: 'web1', name: 'web1', state: 'RUNNING', ipv4: ['10.0.3.12'], limits: LIMITS, autostart: false };
const DETAILS = { ...INSTANCE, pid: 4242, cpuTimeNs: 152_000_000, memoryBytes: 1_843_200, blkioBytes: 0, networkRxBytes: null, networkTxBytes: 640 };
const LED = {
  rows: [15, 7, 3, 0, 1, 0, 129, 15],
  legend: [{ row: 0, label: 'Containers', meaning: 'One LED per running container' }],
  brightness: 8,
  blink: 'off',
  identifying: false,
  mounting: { layout: 'adafruit-backpack', rotation: 90, mirror: false },
  device: { enabled: true, bus: 1, address: '0x70', connected: false, lastError: 'no bus', lastErrorAt: '2025-01-01T09:00:00Z' },
  updatedAt: '2025-01-01T10:00:00.000Z',
};

describe('the compute contract, as the manager checks answers', () => {
  it('accepts answers as a node sends them, and fields it does not know (a newer node)', () => {
    expect(answerProblems(UsageDto, USAGE)).toEqual([]);
    expect(answerProblems(UsageDto, { ...USAGE, temperatureCelsius: 48.2, loadAverage: [1, 2, 3] })).toEqual([]);
    expect(answerProblems(InstanceDetailsDto, DETAILS)).toEqual([]);
    expect(listAnswerProblems(InstanceDto, [INSTANCE, { ...INSTANCE, id: 'db1', name: 'db1', state: 'STOPPED', ipv4: [] }], 10)).toEqual([]);
    expect(answerProblems(LedStatusDto, LED)).toEqual([]);
  });

  it.each([
    ['cpuPercent', '99', 'cpuPercent must be a number from 0 to 100 (got "99")'],
    ['cpuPercent', 'NaN', 'cpuPercent must be a number from 0 to 100 (got "NaN")'],
    ['cpuPercent', -1000, 'cpuPercent must be a number from 0 to 100 (got -1000)'],
    ['memoryPercent', 100.5, 'memoryPercent must be a number from 0 to 100 (got 100.5)'],
    ['totalInstances', -2, 'totalInstances must be a whole number, 0 or more (got -2)'],
    ['runningInstances', 1.5, 'runningInstances must be a whole number, 0 or more (got 1.5)'],
    ['memoryTotalBytes', null, 'memoryTotalBytes must be a whole number, 0 or more (got null)'],
    ['iops', -0.1, 'iops must be a number, 0 or more (got -0.1)'],
    ['temperatureCelsius', 'hot', 'temperatureCelsius must be a number from -100 to 200, or null (got "hot")'],
    ['hostname', '', 'hostname must be a string of 1 to 253 characters (got "")'],
    ['sampledAt', 'yesterday', 'sampledAt must be an ISO 8601 date-time (got "yesterday")'],
  ])('refuses usage with %s = %j, saying which field and why', (field, value, message) => {
    expect(answerProblems(UsageDto, { ...USAGE, [field]: value })).toEqual([message]);
  });

  it('names a missing field, and cuts a long value short', () => {
    const { cpuPercent: _cpuPercent, ...withoutCpu } = USAGE;
    expect(answerProblems(UsageDto, withoutCpu)).toEqual(['cpuPercent must be a number from 0 to 100 (got nothing)']);
    const [problem] = answerProblems(UsageDto, { ...USAGE, hostname: 'x'.repeat(5000) });
    expect(problem).toMatch(/^hostname must be a string of 1 to 253 characters \(got "x{59}…\)$/);
  });

  it('reports at most three problems', () => {
    expect(answerProblems(UsageDto, { hostname: 'pi' })).toHaveLength(3);
  });

  it('refuses instances of the wrong shape, naming the item', () => {
    expect(listAnswerProblems(InstanceDto, { web1: INSTANCE }, 10)).toEqual(['the answer must be a list (got an object)']);
    expect(listAnswerProblems(InstanceDto, [INSTANCE, { ...INSTANCE, name: '../etc' }], 10)).toEqual([
      '[1] name must be an instance name (1 to 63 letters, digits or hyphens, starting with a letter and not ending with a hyphen) (got "../etc")',
    ]);
    expect(listAnswerProblems(InstanceDto, [{ ...INSTANCE, state: 'EXPLODED' }], 10)).toEqual([
      '[0] state must be one of: STOPPED, STARTING, RUNNING, STOPPING, ABORTING, FREEZING, FROZEN, THAWED (got "EXPLODED")',
    ]);
    expect(listAnswerProblems(InstanceDto, [{ ...INSTANCE, ipv4: ['10.0.3.1; rm -rf /'] }], 10)).toEqual([
      '[0] ipv4 must be a list of at most 64 IPv4 addresses (got ["10.0.3.1; rm -rf /"])',
    ]);
    expect(listAnswerProblems(InstanceDto, new Array(MAX_NODE_INSTANCES + 1).fill(INSTANCE), MAX_NODE_INSTANCES)).toEqual([
      `the answer must list at most ${MAX_NODE_INSTANCES} items (got ${MAX_NODE_INSTANCES + 1})`,
    ]);
    expect(answerProblems(InstanceDetailsDto, { ...DETAILS, pid: -1 })).toEqual(['pid must be a whole number, 0 or more, or null (got -1)']);
    expect(answerProblems(InstanceDetailsDto, { ...DETAILS, limits: { ...LIMITS, memoryMiB: 2, enforced: 'yes' } })).toEqual([
      'limits.memoryMiB must be a whole number from 4 to 1048576, or null (got 2)',
      'limits.enforced must be true or false (got "yes")',
    ]);
  });

  it('checks nested LED fields by their path', () => {
    expect(answerProblems(LedStatusDto, { ...LED, mounting: { ...LED.mounting, rotation: 45 } })).toEqual([
      'mounting.rotation must be one of: 0, 90, 180, 270 (got 45)',
    ]);
    expect(answerProblems(LedStatusDto, { ...LED, legend: [...LED.legend, { row: 9, label: 'x', meaning: 'y' }] })).toEqual([
      'legend[1].row must be a whole number from 0 to 7 (got 9)',
    ]);
    expect(answerProblems(LedStatusDto, { ...LED, rows: [1, 2, 3] })).toEqual([
      'rows must be a list of 8 whole numbers from 0 to 255 (got [1,2,3])',
    ]);
    expect(answerProblems(LedStatusDto, { ...LED, device: 'none' })).toEqual(['device must be an object (got "none")']);
  });

  it('refuses an answer that is not an object, and keys that would hide it from its rules', () => {
    expect(answerProblems(UsageDto, [USAGE])).toEqual(['the answer must be an object (got a list)']);
    expect(answerProblems(UsageDto, 'ok')).toEqual(['the answer must be an object (got "ok")']);
    // Keys that could swap an object's prototype or constructor hide nothing: each field is read as the node sent it.
    expect(answerProblems(UsageDto, JSON.parse(`{"__proto__": {"cpuPercent": 5}, ${JSON.stringify(USAGE).slice(1, -1)}, "cpuPercent": "99"}`))).toEqual([
      'cpuPercent must be a number from 0 to 100 (got "99")',
    ]);
    expect(answerProblems(LedStatusDto, { ...LED, mounting: JSON.parse('{"constructor": 1, "layout": 5, "rotation": 0, "mirror": false}') })).toEqual([
      'mounting.layout must be one of: adafruit-backpack, straight (got 5)',
    ]);
  });
});

/** A DTO with a class-validator rule of its own beside answer fields, as HealthDto may carry. */
class MixedDto {
  @IsUUID('4', { message: 'nodeId must be a UUID' })
  nodeId!: string;

  @NumberField({}, { min: 0, integer: true })
  uptimeSeconds!: number;
}

describe('answers of DTOs with other class-validator rules', () => {
  it('checks them with class-validator, naming the fields the same way', () => {
    expect(answerProblems(MixedDto, { nodeId: '8b0c1f52-3f7e-4f6b-9d0a-3c2e51f7a9d4', uptimeSeconds: 3 })).toEqual([]);
    expect(answerProblems(MixedDto, { nodeId: 'x', uptimeSeconds: -1 })).toEqual([
      'nodeId must be a UUID',
      'uptimeSeconds must be a whole number, 0 or more (got -1)',
    ]);
  });

  it('takes a missing field as unknown when asked to (an older node), and refuses keys that would hide the rest', () => {
    expect(answerProblems(MixedDto, { uptimeSeconds: 3 }, { missingIsUnknown: true })).toEqual([]);
    expect(answerProblems(MixedDto, { uptimeSeconds: 3 })).toEqual(['nodeId must be a UUID']);
    expect(answerProblems(MixedDto, JSON.parse('{"__proto__": {}, "nodeId": "x", "uptimeSeconds": 3}'))).toEqual([
      '__proto__ is not a field of the compute API (a key no answer may have)',
    ]);
  });
});
