#!/usr/bin/env node
// The package's `tinystack` command (and `npm run cli`): runs the bundled CLI,
// or says how to build it.
const { existsSync } = require('node:fs');
const { join, resolve } = require('node:path');

const root = resolve(__dirname, '..', '..', '..');
const bundle = join(root, 'dist', 'apps', 'cli', 'main.js');
if (!existsSync(bundle)) {
  process.stderr.write(`tinystack: ${bundle} is missing; build it with "npm run build:cli" in ${root}\n`);
  process.exit(1);
}
require(bundle);
