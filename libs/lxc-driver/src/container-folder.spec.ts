import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { directoryRootfs, findContainerFolderProblem, findHalfCreatedFolders, PARTIAL_MARKER } from './container-folder.js';

describe('directoryRootfs', () => {
  it.each([
    ['lxc.rootfs.path = dir:/var/lib/lxc/web/rootfs\n', '/var/lib/lxc/web/rootfs'],
    ['lxc.rootfs.path = /srv/web\n', '/srv/web'],
    ['lxc.rootfs.path = "dir:/srv/quoted"\n', '/srv/quoted'],
    ['lxc.rootfs.path = overlay:/srv/base:/srv/delta\n', null],
    ['lxc.rootfs.path = btrfs:/srv/web\n', null],
    ['lxc.uts.name = web\n', null],
  ])('reads %j as %j', (config, expected) => {
    expect(directoryRootfs(config)).toBe(expected);
  });
});

describe('container folders', () => {
  let lxcPath: string;
  beforeEach(() => {
    lxcPath = mkdtempSync(join(tmpdir(), 'tinystack-container-folder-'));
  });
  afterEach(() => rmSync(lxcPath, { recursive: true, force: true }));

  const folder = (name: string, files: Record<string, string>, folders: string[] = []) => {
    mkdirSync(join(lxcPath, name));
    for (const sub of folders) mkdirSync(join(lxcPath, name, sub), { recursive: true });
    for (const [file, text] of Object.entries(files)) writeFileSync(join(lxcPath, name, file), text);
  };

  it('tells a whole container from one being created and one without its rootfs', async () => {
    folder('whole', { config: `lxc.rootfs.path = dir:${lxcPath}/whole/rootfs\n` }, ['rootfs']);
    folder('creating', { config: `lxc.rootfs.path = dir:${lxcPath}/creating/rootfs\n`, [PARTIAL_MARKER]: '' }, ['rootfs']);
    folder('gutted', { config: `lxc.rootfs.path = dir:${lxcPath}/gutted/rootfs\n` });
    folder('shared-root', { config: 'lxc.uts.name = shared-root\n' });

    await expect(findContainerFolderProblem(lxcPath, 'whole')).resolves.toBeNull();
    await expect(findContainerFolderProblem(lxcPath, 'creating')).resolves.toEqual({ kind: 'being-created' });
    await expect(findContainerFolderProblem(lxcPath, 'gutted')).resolves.toEqual({
      kind: 'missing-rootfs',
      rootfs: `${lxcPath}/gutted/rootfs`,
    });
    await expect(findContainerFolderProblem(lxcPath, 'shared-root')).resolves.toBeNull();
  });

  it('finds the folders holding the partial marker, with or without a config, never through a link', async () => {
    folder('whole', { config: '' });
    folder('late', { config: '', [PARTIAL_MARKER]: '' });
    folder('early', { [PARTIAL_MARKER]: '' });
    symlinkSync(join(lxcPath, 'early'), join(lxcPath, 'link'));

    await expect(findHalfCreatedFolders(lxcPath)).resolves.toEqual([
      { name: 'early', defined: false },
      { name: 'late', defined: true },
    ]);
  });

  it('finds nothing in an lxcpath that does not exist', async () => {
    await expect(findHalfCreatedFolders(join(lxcPath, 'missing'))).resolves.toEqual([]);
  });
});
