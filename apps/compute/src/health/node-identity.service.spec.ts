import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isUUID } from 'class-validator';
import { ConfigurationError } from '@tinystack/api-kit';
import { loadOrCreateNodeId } from './node-identity.service.js';

describe('loadOrCreateNodeId', () => {
  let scratch: string;
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'tinystack-node-id-'));
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it('makes a UUID once, in a 0644 file inside a new 0700 data folder, and answers the same one afterwards', () => {
    const file = join(scratch, 'data', 'node-id');

    const first = loadOrCreateNodeId(file);
    const again = loadOrCreateNodeId(file);

    expect(first.created).toBe(true);
    expect(isUUID(first.nodeId, '4')).toBe(true);
    expect(again).toEqual({ nodeId: first.nodeId, created: false });
    expect(readFileSync(file, 'utf8')).toBe(`${first.nodeId}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o644);
    expect(statSync(join(scratch, 'data')).mode & 0o777).toBe(0o700);
  });

  it('keeps an id put back by hand, in lower case, whatever the white space around it', () => {
    const file = join(scratch, 'node-id');
    writeFileSync(file, '  3F1C2A9E-8D4B-4C1E-9A57-0B6D2F4E8C11\r\n');

    expect(loadOrCreateNodeId(file)).toEqual({ nodeId: '3f1c2a9e-8d4b-4c1e-9a57-0b6d2f4e8c11', created: false });
  });

  it.each([
    ['anything but a UUID', 'not-a-uuid', 'holds "not-a-uuid"'],
    ['nothing', '', 'holds nothing'],
    ['a UUID cut short', '3f1c2a9e-8d4b-4c1e-9a57', 'holds "3f1c2a9e-8d4b-4c1e-9a57"'],
  ])('stops the start when the file holds %s, saying what to do, and leaves the file alone', (_case, text, shown) => {
    const file = join(scratch, 'node-id');
    writeFileSync(file, text);

    const attempt = () => loadOrCreateNodeId(file);

    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(`${file} must hold this node's id (a UUID) but ${shown}: put the id back from a backup`);
    expect(attempt).toThrow('or delete the file to give the node a new id');
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('stops the start when the file cannot be read', () => {
    const file = join(scratch, 'node-id');
    mkdirSync(file);

    expect(() => loadOrCreateNodeId(file)).toThrow(new ConfigurationError(`Cannot read the node id in ${file}: EISDIR: illegal operation on a directory, read`));
  });
});
