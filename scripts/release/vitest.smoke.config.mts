import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// npm run release:smoke: the artefacts of npm run release, unpacked and run (under qemu-user for ARM).
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  resolve: { tsconfigPaths: true },
  test: {
    globals: true,
    include: ['scripts/release/*.smoke-spec.ts'],
    // An emulated CPU runs Node.js many times slower, and a container boots on it.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
