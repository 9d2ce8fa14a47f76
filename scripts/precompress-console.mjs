// Part of `npm run build:console`: writes a brotli (.br) and a gzip (.gz) copy
// next to every text file of the built console, so that the manager sends
// compressed files without compressing anything at run time (a board's CPU is
// slow). The manager picks a copy by the request's Accept-Encoding and serves
// the file itself when there is none.
//
// Usage: node scripts/precompress-console.mjs [directory]   (default dist/frontend/browser)
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const directory = resolve(process.argv[2] ?? join(import.meta.dirname, '..', 'dist', 'frontend', 'browser'));
// Images and fonts of these kinds are compressed already; text is worth it.
const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.txt']);
// A copy that saves less than this share of the file is not written: it would
// change nothing noticeable on the wire and is one more file on the SD card.
const MIN_SAVING = 0.1;
const CODINGS = [
  {
    suffix: '.br',
    compress: (content) =>
      brotliCompressSync(content, {
        params: {
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
        },
      }),
  },
  { suffix: '.gz', compress: (content) => gzipSync(content, { level: constants.Z_BEST_COMPRESSION }) },
];

function filesUnder(folder) {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

const totals = { files: 0, raw: 0, '.br': 0, '.gz': 0 };
for (const file of filesUnder(directory)) {
  if (!COMPRESSIBLE.has(extname(file))) continue;
  const content = readFileSync(file);
  totals.files += 1;
  totals.raw += content.length;
  for (const { suffix, compress } of CODINGS) {
    const copy = `${file}${suffix}`;
    const compressed = compress(content);
    if (compressed.length <= content.length * (1 - MIN_SAVING)) {
      writeFileSync(copy, compressed);
      totals[suffix] += compressed.length;
    } else {
      // A copy left by an earlier run would be served in place of the new file.
      rmSync(copy, { force: true });
      totals[suffix] += content.length;
    }
  }
}

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
console.log(
  `Precompressed the console (${directory}): ${totals.files} text files, ${kb(totals.raw)} raw, ` +
    `${kb(totals['.br'])} brotli, ${kb(totals['.gz'])} gzip`,
);
