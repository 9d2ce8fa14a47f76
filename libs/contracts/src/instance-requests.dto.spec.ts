import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CreateInstanceDto, DeleteInstanceQuery, InstanceActionDto, RenameInstanceDto } from './instance-requests.dto.js';
import { isInstanceName } from './instance-name.js';

async function problems<T extends object>(type: new () => T, body: object): Promise<string[]> {
  const errors = await validate(plainToInstance(type, body), { whitelist: true, forbidNonWhitelisted: true });
  return errors.flatMap((error) => Object.values(error.constraints ?? {}));
}

describe('instance names', () => {
  it.each(['a', 'web1', 'Web-1', 'a1-b2', `a${'b'.repeat(62)}`])('accepts the hostname label %s', (name) => {
    expect(isInstanceName(name)).toBe(true);
  });

  it.each(['', '1a', '-a', 'a-', 'a_b', 'a.b', 'a/b', '..', 'a b', 'a;b', '$(x)', 'é', `a${'b'.repeat(63)}`])(
    'refuses %j',
    (name) => {
      expect(isInstanceName(name)).toBe(false);
    },
  );

  it('explains the rule when a create request has a bad name', async () => {
    expect(await problems(CreateInstanceDto, { name: 'a/b' })).toEqual([
      'name must be 1 to 63 letters, digits or hyphens, starting with a letter and not ending with a hyphen (got "a/b")',
    ]);
  });

  it('validates the new name of a rename the same way', async () => {
    expect(await problems(RenameInstanceDto, { name: 'ok-name' })).toEqual([]);
    expect(await problems(RenameInstanceDto, { name: 'bad_name' })).toHaveLength(1);
  });
});

describe('create requests', () => {
  it('accepts a name alone, or with a template and start flag', async () => {
    expect(await problems(CreateInstanceDto, { name: 'web1' })).toEqual([]);
    expect(await problems(CreateInstanceDto, { name: 'web1', template: 'busybox', start: true })).toEqual([]);
  });

  it('refuses template names that could be read as options or paths', async () => {
    expect(await problems(CreateInstanceDto, { name: 'web1', template: '--help' })).toHaveLength(1);
    expect(await problems(CreateInstanceDto, { name: 'web1', template: '../x' })).toHaveLength(1);
  });

  it('refuses properties it does not know', async () => {
    expect(await problems(CreateInstanceDto, { name: 'web1', image: 'x' })).toEqual(['property image should not exist']);
  });
});

describe('instance actions', () => {
  it('accepts the three actions with optional stop settings', async () => {
    for (const action of ['start', 'stop', 'restart']) {
      expect(await problems(InstanceActionDto, { action })).toEqual([]);
    }
    expect(await problems(InstanceActionDto, { action: 'stop', force: true, timeoutSeconds: 300 })).toEqual([]);
  });

  it('refuses unknown actions and out-of-range timeouts with readable messages', async () => {
    expect(await problems(InstanceActionDto, { action: 'pause' })).toEqual(['action must be one of: start, stop, restart']);
    expect(await problems(InstanceActionDto, { action: 'stop', timeoutSeconds: 301 })).toEqual([
      'timeoutSeconds must be at most 300',
    ]);
    expect(await problems(InstanceActionDto, { action: 'stop', timeoutSeconds: 1.5 })).toEqual([
      'timeoutSeconds must be a whole number of seconds',
    ]);
  });
});

describe('delete query', () => {
  it('turns the words true and false into booleans and refuses anything else', async () => {
    expect(plainToInstance(DeleteInstanceQuery, { force: 'true' }).force).toBe(true);
    expect(plainToInstance(DeleteInstanceQuery, { force: 'false' }).force).toBe(false);
    expect(await problems(DeleteInstanceQuery, { force: 'yes' })).toEqual(['force must be true or false']);
  });
});
