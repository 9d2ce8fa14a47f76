import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finishInterruptedRenames, PENDING_CONFIG, renameInPlace } from './in-place-rename.js';

/** A container folder as lxc-create -t busybox leaves it (the parts a rename touches). */
function busyboxContainer(lxcPath: string, name: string, options: { rootfs?: string; hostname?: string } = {}): void {
  const dir = join(lxcPath, name);
  mkdirSync(join(dir, 'rootfs', 'etc'), { recursive: true });
  writeFileSync(join(dir, 'rootfs', 'etc', 'marker'), 'payload');
  if (options.hostname !== undefined) writeFileSync(join(dir, 'rootfs', 'etc', 'hostname'), options.hostname);
  writeFileSync(
    join(dir, 'config'),
    [
      '# Template used to create this container: /usr/share/lxc/templates/lxc-busybox',
      'lxc.net.0.type = veth',
      `lxc.rootfs.path = ${options.rootfs ?? `dir:${dir}/rootfs`}`,
      `lxc.mount.fstab = ${dir}/fstab`,
      `lxc.uts.name = "${name}"`,
      'lxc.mount.entry = /lib lib none ro,bind 0 0',
      '',
    ].join('\n'),
  );
}

describe('renameInPlace', () => {
  let lxcPath: string;
  beforeEach(() => {
    lxcPath = mkdtempSync(join(tmpdir(), 'tinystack-rename-'));
  });
  afterEach(() => rmSync(lxcPath, { recursive: true, force: true }));

  it('moves the folder and rewrites every path and the host name in the config', async () => {
    busyboxContainer(lxcPath, 'web');

    await expect(renameInPlace(lxcPath, 'web', 'www')).resolves.toBe('renamed');

    expect(existsSync(join(lxcPath, 'web'))).toBe(false);
    expect(readFileSync(join(lxcPath, 'www', 'rootfs', 'etc', 'marker'), 'utf8')).toBe('payload');
    const config = readFileSync(join(lxcPath, 'www', 'config'), 'utf8');
    expect(config).toContain(`lxc.rootfs.path = dir:${lxcPath}/www/rootfs\n`);
    expect(config).toContain(`lxc.mount.fstab = ${lxcPath}/www/fstab\n`);
    expect(config).toContain('lxc.uts.name = www\n');
    expect(config).toContain('lxc.mount.entry = /lib lib none ro,bind 0 0\n');
    expect(config).toContain('# Template used to create this container');
    expect(existsSync(join(lxcPath, 'www', PENDING_CONFIG))).toBe(false);
  });

  it("gives /etc/hostname the new name when it held the old one, and leaves another name alone", async () => {
    busyboxContainer(lxcPath, 'web', { hostname: 'web\n' });
    busyboxContainer(lxcPath, 'db', { hostname: 'custom\n' });

    await renameInPlace(lxcPath, 'web', 'www');
    await renameInPlace(lxcPath, 'db', 'data');

    expect(readFileSync(join(lxcPath, 'www', 'rootfs', 'etc', 'hostname'), 'utf8')).toBe('www\n');
    expect(readFileSync(join(lxcPath, 'data', 'rootfs', 'etc', 'hostname'), 'utf8')).toBe('custom\n');
  });

  it.each([
    ['the rootfs lives elsewhere', (path: string) => busyboxContainer(path, 'web', { rootfs: 'overlay:/srv/base:/srv/delta' })],
    ['there are snapshots', (path: string) => {
      busyboxContainer(path, 'web');
      mkdirSync(join(path, 'web', 'snaps', 'snap0'), { recursive: true });
    }],
    ['the new folder exists', (path: string) => {
      busyboxContainer(path, 'web');
      mkdirSync(join(path, 'www'));
    }],
    ['the container has no config here', () => undefined],
  ])('changes nothing when %s', async (_case, prepare) => {
    prepare(lxcPath);
    const before = existsSync(join(lxcPath, 'web', 'config')) ? readFileSync(join(lxcPath, 'web', 'config'), 'utf8') : null;

    await expect(renameInPlace(lxcPath, 'web', 'www')).resolves.toBe('not-eligible');

    const after = existsSync(join(lxcPath, 'web', 'config')) ? readFileSync(join(lxcPath, 'web', 'config'), 'utf8') : null;
    expect(after).toBe(before);
    expect(existsSync(join(lxcPath, 'web', PENDING_CONFIG))).toBe(false);
  });
});

describe('finishInterruptedRenames', () => {
  let lxcPath: string;
  beforeEach(() => {
    lxcPath = mkdtempSync(join(tmpdir(), 'tinystack-rename-'));
  });
  afterEach(() => rmSync(lxcPath, { recursive: true, force: true }));

  it('completes a rename cut off after the folder moved, and drops one cut off before', async () => {
    // Cut off after the folder moved: www holds the old config and the pending new one.
    busyboxContainer(lxcPath, 'www');
    const oldConfig = readFileSync(join(lxcPath, 'www', 'config'), 'utf8').replaceAll(`${lxcPath}/www/`, `${lxcPath}/web/`);
    writeFileSync(join(lxcPath, 'www', PENDING_CONFIG), readFileSync(join(lxcPath, 'www', 'config')));
    writeFileSync(join(lxcPath, 'www', 'config'), oldConfig);
    // Cut off before the folder moved: db still holds a valid config and a pending one for "data".
    busyboxContainer(lxcPath, 'db');
    writeFileSync(join(lxcPath, 'db', PENDING_CONFIG), `lxc.rootfs.path = dir:${lxcPath}/data/rootfs\n`);
    busyboxContainer(lxcPath, 'untouched');

    expect((await finishInterruptedRenames(lxcPath)).sort()).toEqual(['db', 'www']);

    expect(readFileSync(join(lxcPath, 'www', 'config'), 'utf8')).toContain(`dir:${lxcPath}/www/rootfs`);
    expect(readFileSync(join(lxcPath, 'db', 'config'), 'utf8')).toContain(`dir:${lxcPath}/db/rootfs`);
    expect(existsSync(join(lxcPath, 'www', PENDING_CONFIG))).toBe(false);
    expect(existsSync(join(lxcPath, 'db', PENDING_CONFIG))).toBe(false);
    await expect(finishInterruptedRenames(lxcPath)).resolves.toEqual([]);
  });
});
