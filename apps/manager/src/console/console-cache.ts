import { basename } from 'node:path';

/** Angular's output hashing: main-5NKLYRD2.js, styles-ABCD1234.css, chunk-XYZ.js. */
const HASHED_FILE = /-[A-Z0-9]{8,}\.(?:js|css)$/;

/**
 * Cache-Control of a console file: index.html is checked on every load so a
 * rebuilt console shows at once; hashed bundles never change under their name.
 */
export function consoleCacheControl(path: string): string {
  if (HASHED_FILE.test(basename(path))) return 'public, max-age=31536000, immutable';
  return 'no-cache';
}
