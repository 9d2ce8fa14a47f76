import { ConfigurationError, validateEnvironment } from '@tinystack/api-kit';
import { ComputeSettings, hostRootsOf } from './compute.settings.js';

const TOKEN = `tsj_${'Q'.repeat(43)}`;

function problem(environment: Record<string, string>): string {
  try {
    validateEnvironment(ComputeSettings, environment);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.message;
    throw error;
  }
  throw new Error(`${JSON.stringify(environment)} was accepted`);
}

describe('The join, discovery and readiness settings of a compute node', () => {
  it('default to no manager, offers and discovery on, checks every 5 minutes, a warning below 1 GB', () => {
    expect(validateEnvironment(ComputeSettings, {})).toMatchObject({
      MANAGER_URL: undefined,
      JOIN_TOKEN: undefined,
      COMPUTE_ADVERTISE_URL: undefined,
      JOIN_ACCEPT_OFFERS: true,
      DISCOVERY_ENABLED: true,
      READINESS_INTERVAL_MS: 300_000,
      DISK_WARN_MB: 1024,
    });
  });

  it('take a manager with its join token, and an address to advertise', () => {
    const settings = validateEnvironment(ComputeSettings, { MANAGER_URL: 'http://10.0.0.2:8080', JOIN_TOKEN: TOKEN, COMPUTE_ADVERTISE_URL: 'http://pi-1.lab:7001' });
    expect(settings).toMatchObject({ MANAGER_URL: 'http://10.0.0.2:8080', JOIN_TOKEN: TOKEN, COMPUTE_ADVERTISE_URL: 'http://pi-1.lab:7001' });
  });

  it.each([
    [{ MANAGER_URL: 'http://10.0.0.2:8080' }, 'JOIN_TOKEN (value not shown): JOIN_TOKEN must be set with MANAGER_URL'],
    [{ JOIN_TOKEN: TOKEN }, 'MANAGER_URL must be set with JOIN_TOKEN: the address of the manager the token comes from'],
    [{ MANAGER_URL: '10.0.0.2:8080', JOIN_TOKEN: TOKEN }, 'MANAGER_URL must start with http:// or https://'],
    [{ MANAGER_URL: 'http://admin:pw@10.0.0.2', JOIN_TOKEN: TOKEN }, 'MANAGER_URL must not contain a user name or password'],
    [{ COMPUTE_ADVERTISE_URL: 'http://10.0.0.21:7001/?x=1' }, 'COMPUTE_ADVERTISE_URL must not contain a query'],
    [{ JOIN_ACCEPT_OFFERS: 'no' }, 'JOIN_ACCEPT_OFFERS must be true, false, 1 or 0'],
    [{ DISCOVERY_ENABLED: 'off' }, 'DISCOVERY_ENABLED must be true, false, 1 or 0'],
    [{ READINESS_INTERVAL_MS: '1000' }, 'READINESS_INTERVAL_MS must be at least 10000'],
    [{ DISK_WARN_MB: '-1' }, 'DISK_WARN_MB must be 0 or more'],
    [{ SYS_ROOT: 'sys' }, 'SYS_ROOT must be an absolute directory path'],
  ])('stop the start on %j, naming the variable', (environment, message) => {
    expect(problem(environment)).toContain(message);
  });

  it('never show a join token that is malformed', () => {
    const message = problem({ MANAGER_URL: 'http://10.0.0.2:8080', JOIN_TOKEN: 'tsj_short-secret' });
    expect(message).toContain('JOIN_TOKEN (value not shown): JOIN_TOKEN must be "tsj_" followed by 43 letters');
    expect(message).not.toContain('short-secret');
  });

  it('read /sys and /run below PROC_ROOT unless SYS_ROOT and RUN_ROOT say otherwise', () => {
    expect(hostRootsOf(validateEnvironment(ComputeSettings, { PROC_ROOT: '/fixture' }))).toEqual({ proc: '/fixture', sys: '/fixture', run: '/fixture' });
    expect(hostRootsOf(validateEnvironment(ComputeSettings, { SYS_ROOT: '/sys-tree', RUN_ROOT: '/run-tree' }))).toEqual({ proc: '/', sys: '/sys-tree', run: '/run-tree' });
  });
});
