import { ConflictException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { EventAction, EventResult } from '@tinystack/contracts';
import { ManagerSettings } from '../config/manager.settings.js';
import { BoardKit } from '../testing/board-kit.js';
import { adminTokenPrincipal } from '../testing/principals.js';

describe('ImageLibrary', () => {
  let dataDir: string;
  let kit: BoardKit;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tinystack-image-library-'));
    kit = new BoardKit(Object.assign(new ManagerSettings(), { DATA_DIR: dataDir, IMAGE_MAX_MIB: 1 }));
    kit.images.onModuleInit();
  });

  afterEach(() => {
    kit.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const admin = () => adminTokenPrincipal(kit.users.builtInAdmin);
  const upload = (name: string, bytes: Buffer, declared: number | null = bytes.length) =>
    kit.images.importUpload(admin(), { name, architecture: 'amd64' }, Readable.from([bytes]), declared);

  it('imports, lists by name, renames and describes; a taken name is a 409 before a byte is read', async () => {
    const stored = await upload('lab1', Buffer.from('a root filesystem'));
    expect(stored).toMatchObject({ name: 'lab1', architecture: 'amd64', sizeBytes: 17, source: 'upload', createdBy: 'admin token', description: '' });
    await expect(upload('lab1', Buffer.from('other'))).rejects.toThrow(ConflictException);
    await upload('base', Buffer.from('another one'));
    expect(kit.images.list().map((image) => image.name)).toEqual(['base', 'lab1']);
    expect(kit.images.update('lab1', { name: 'lab2', description: 'lab 2' }, admin())).toMatchObject({ name: 'lab2', description: 'lab 2' });
    expect(() => kit.images.update('lab2', { name: 'base' }, admin())).toThrow('An image named "base" already exists: choose another name');
    expect(() => kit.images.get('lab1')).toThrow(NotFoundException);
    const logged = kit.events.page({ limit: 10 }).map((entry) => [entry.action, entry.result]);
    expect(logged).toContainEqual([EventAction.IMAGE_IMPORTED, EventResult.SUCCESS]);
    expect(logged).toContainEqual([EventAction.IMAGE_IMPORTED, EventResult.FAILURE]);
    expect(logged).toContainEqual([EventAction.IMAGE_CHANGED, EventResult.SUCCESS]);
  });

  it('refuses a tarball over IMAGE_MAX_MIB: at once when declared, else when it grows past it; nothing is left', async () => {
    await expect(upload('big', Buffer.alloc(10), 2 * 1024 * 1024)).rejects.toThrow(PayloadTooLargeException);
    await expect(upload('big', Buffer.alloc(1024 * 1024 + 1), null)).rejects.toThrow('the image is larger than IMAGE_MAX_MIB (1 MiB)');
    expect(readdirSync(join(dataDir, 'images'))).toEqual([]);
    expect(kit.images.list()).toEqual([]);
  });

  it('refuses to delete (and to rename) an image in use, naming the use; deletes it once released, its file with it', async () => {
    const stored = await upload('lab1', Buffer.from('bytes'));
    const lease = kit.images.lease('lab1', 'creating "web1"');
    expect(() => kit.images.remove('lab1', admin())).toThrow('Image "lab1" is in use: creating "web1"; delete it once that is done');
    expect(() => kit.images.update('lab1', { name: 'lab9' }, admin())).toThrow(ConflictException);
    lease.release();
    lease.release();
    kit.images.remove('lab1', admin());
    expect(readdirSync(join(dataDir, 'images'))).not.toContain(`${stored.sha256}.tar`);
  });

  it('keeps the file two names share until the last of them is deleted', async () => {
    const first = await upload('one', Buffer.from('same bytes'));
    await upload('two', Buffer.from('same bytes'));
    kit.images.remove('one', admin());
    expect(readdirSync(join(dataDir, 'images'))).toEqual([`${first.sha256}.tar`]);
    kit.images.remove('two', admin());
    expect(readdirSync(join(dataDir, 'images'))).toEqual([]);
  });
});
