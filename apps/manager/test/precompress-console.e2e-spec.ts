import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

const SCRIPT = join(__dirname, '..', '..', '..', 'scripts', 'precompress-console.mjs');

/** scripts/precompress-console.mjs, the last step of npm run build:console, on a console-like directory. */
describe('precompress-console.mjs', () => {
  let directory: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'tinystack-precompress-'));
  });

  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  const run = () => promisify(execFile)(process.execPath, [SCRIPT, directory], { timeout: 60_000 });

  it('writes brotli and gzip copies of the text files that shrink, and none of the others', async () => {
    const script = `export const rows = ${JSON.stringify(Array.from({ length: 400 }, (_, index) => ({ index, state: 'RUNNING' })))};`;
    const styles = '.row { color: #e6edf3; } '.repeat(200);
    const photo = randomBytes(20_000);
    mkdirSync(join(directory, 'media'));
    writeFileSync(join(directory, 'chunk-ABCD1234.js'), script);
    writeFileSync(join(directory, 'media', 'styles-ABCD1234.css'), styles);
    writeFileSync(join(directory, 'media', 'photo.png'), photo);
    writeFileSync(join(directory, 'tiny.txt'), 'ok');
    // Left by an earlier build in which tiny.txt was larger: it must not outlive the file it was made from.
    writeFileSync(join(directory, 'tiny.txt.br'), 'stale');

    const { stdout } = await run();

    expect(brotliDecompressSync(readFileSync(join(directory, 'chunk-ABCD1234.js.br'))).toString()).toBe(script);
    expect(gunzipSync(readFileSync(join(directory, 'chunk-ABCD1234.js.gz'))).toString()).toBe(script);
    expect(brotliDecompressSync(readFileSync(join(directory, 'media', 'styles-ABCD1234.css.br'))).toString()).toBe(styles);
    expect(readFileSync(join(directory, 'chunk-ABCD1234.js.br')).length).toBeLessThan(
      readFileSync(join(directory, 'chunk-ABCD1234.js.gz')).length,
    );
    for (const absent of ['media/photo.png.br', 'media/photo.png.gz', 'tiny.txt.br', 'tiny.txt.gz']) {
      expect(existsSync(join(directory, absent)), absent).toBe(false);
    }
    expect(stdout).toContain('3 text files');

    await run();
    expect(existsSync(join(directory, 'chunk-ABCD1234.js.br.br'))).toBe(false);
    expect(brotliDecompressSync(readFileSync(join(directory, 'chunk-ABCD1234.js.br'))).toString()).toBe(script);
  });
});
