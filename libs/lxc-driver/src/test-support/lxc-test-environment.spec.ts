import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeLxcPath } from './lxc-test-environment.js';

describe('removeLxcPath', () => {
  it.each([
    '/var/lib/lxc',
    '/',
    tmpdir(),
    join(tmpdir(), 'someone-elses-dir'),
    join(tmpdir(), 'tinystack-lxc-abc', 'nested'),
    join(tmpdir(), 'tinystack-lxc-abc', '..', '..', 'var', 'lib', 'lxc'),
  ])('refuses %s, which createTemporaryLxcPath() cannot have made', async (path) => {
    await expect(removeLxcPath(path)).rejects.toThrow(/Refusing to remove/);
  });
});
