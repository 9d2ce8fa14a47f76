// npm start points the command-line tool at the manager it runs, so that
// `npm run cli -- nodes` works with no flags. The CLI itself writes its
// config file (where it lives, its modes), and keeps a file that points at
// another manager as it is (config save --keep-other).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const CLI_BUNDLE = 'dist/apps/cli/main.js';

/** Saves url and token for the CLI; returns what the CLI said it did, in one line. */
export function saveCliConfig(root, url, token) {
  const saved = spawnSync(process.execPath, [join(root, CLI_BUNDLE), 'config', 'save', '--keep-other'], {
    cwd: root,
    // The token goes through the environment, never on a command line others can read.
    env: { ...process.env, TINYSTACK_URL: url, TINYSTACK_TOKEN: token },
    encoding: 'utf8',
    timeout: 10_000,
  });
  const said = `${saved.stdout ?? ''}${saved.stderr ?? ''}`.trim().replace(/^tinystack: /gm, '');
  if (saved.status !== 0) return `The CLI could not be configured: ${said || saved.error?.message || `exit ${saved.status}`}`;
  return said;
}
