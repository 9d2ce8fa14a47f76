import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: {
    globals: true,
    setupFiles: ['reflect-metadata'],
    include: [
      'libs/*/src/**/*.spec.ts',
      'apps/*/src/**/*.spec.ts',
      'apps/*/test/**/*.e2e-spec.ts',
      'e2e/**/*.e2e-spec.ts',
      // The release tooling's tests; its smoke test of the artefacts runs on its own (npm run release:smoke).
      'scripts/release/*.spec.ts',
      'scripts/release/*.e2e-spec.ts',
    ],
    // Real LXC operations take seconds on a loaded two-core CI machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
