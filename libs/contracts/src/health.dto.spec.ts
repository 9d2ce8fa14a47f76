import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { HealthDto, NODE_LIMIT_RANGES, settledWaitMs } from './health.dto.js';

const GOOD = {
  status: 'ok',
  nodeId: '0b6d2f4e-8c11-4c1e-9a57-3f1c2a9e8d4b',
  version: '0.1.0',
  hostname: 'pi-node-1',
  uptimeSeconds: 120,
  lxc: { available: false, version: null, reason: 'LXC is not installed: apt-get install lxc busybox-static' },
  limits: { commandTimeoutMs: 30000, createTimeoutMs: 300000, stopTimeoutSeconds: 10 },
};

/** Every message, nested ones under their parent's name, as a caller would report them. */
function problems(body: unknown): string[] {
  const flatten = (errors: ValidationError[], path: string): string[] =>
    errors.flatMap((error) => [
      ...Object.values(error.constraints ?? {}).map((message) => `${path}${message}`),
      ...flatten(error.children ?? [], `${path}${error.property}.`),
    ]);
  const instance = plainToInstance(HealthDto, body);
  return flatten(validateSync(instance as object, { whitelist: true, forbidNonWhitelisted: true }), '');
}

describe('HealthDto rules', () => {
  it('accept what a node answers', () => {
    expect(problems(GOOD)).toEqual([]);
    expect(problems({ ...GOOD, version: '1.2.3-rc.1+build.5', lxc: { available: true, version: '5.0.2', reason: null } })).toEqual([]);
  });

  it.each([
    [{ nodeId: 'pi-node-1' }, 'nodeId must be a UUID (got "pi-node-1")'],
    [{ version: 'latest' }, 'version must be a version such as 1.2.3 (got "latest")'],
    [{ version: `1.2.3-${'x'.repeat(60)}` }, 'version must be at most 64 characters long'],
    [{ status: 'degraded' }, 'status must be "ok" (got "degraded")'],
    [{ hostname: '' }, 'hostname must be 1 to 253 characters long'],
    [{ uptimeSeconds: -1 }, 'uptimeSeconds must be a whole number of seconds, 0 or more (got "-1")'],
    [{ uptimeSeconds: '120' }, 'uptimeSeconds must be a whole number of seconds, 0 or more (got "120")'],
    [{ lxc: { available: 'yes', version: null, reason: null } }, 'lxc.available must be true or false (got "yes")'],
    [{ lxc: { available: true, version: 5, reason: null } }, 'lxc.version must be a string or null (got "5")'],
    [{ lxc: { available: false, version: null, reason: 'x'.repeat(4001) } }, 'lxc.reason must be at most 4000 characters long'],
    [{ lxc: 'fine' }, 'lxc must be an object'],
    [{ limits: undefined }, 'limits must be an object'],
    [
      { limits: { ...GOOD.limits, commandTimeoutMs: 999 } },
      'limits.commandTimeoutMs must be a whole number of milliseconds from 1000 to 3600000 (got "999")',
    ],
    [
      { limits: { ...GOOD.limits, createTimeoutMs: 2 ** 31 } },
      `limits.createTimeoutMs must be a whole number of milliseconds from 1000 to 86400000 (got "${2 ** 31}")`,
    ],
    [
      { limits: { ...GOOD.limits, stopTimeoutSeconds: 2.5 } },
      'limits.stopTimeoutSeconds must be a whole number of seconds from 1 to 300 (got "2.5")',
    ],
  ])('refuse %j', (change, message) => {
    expect(problems({ ...GOOD, ...change })).toContain(message);
  });

  it('refuse a field the contract does not have', () => {
    expect(problems({ ...GOOD, limits: { ...GOOD.limits, settleTimeoutMs: 5 } })).toEqual([
      'limits.property settleTimeoutMs should not exist',
    ]);
  });

  it('keep every limit, and the longest settled wait, a valid timer delay (below 2^31 ms)', () => {
    const longest = {
      commandTimeoutMs: NODE_LIMIT_RANGES.commandTimeoutMs.max,
      createTimeoutMs: NODE_LIMIT_RANGES.createTimeoutMs.max,
    };
    expect(settledWaitMs(longest)).toBeLessThan(2 ** 31);
    expect(NODE_LIMIT_RANGES.stopTimeoutSeconds.max * 1000).toBeLessThan(2 ** 31);
  });
});

describe('settledWaitMs', () => {
  it('is the longest a create takes on the node: lxc-create and four other commands', () => {
    expect(settledWaitMs({ createTimeoutMs: 300_000, commandTimeoutMs: 30_000 })).toBe(420_000);
  });
});
