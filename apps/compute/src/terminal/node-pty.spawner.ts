import { Injectable } from '@nestjs/common';
import type * as NodePty from 'node-pty';
import { loadNativeAddon, NODE_PTY } from '@tinystack/native-addons';
import { PtySpawner, type PtyProcess, type PtySize } from './pty.spawner.js';

/**
 * node-pty, loaded at the first session rather than at start-up: a node whose
 * addon cannot load (built for another CPU) still serves everything else, and
 * the session is refused with node-pty's own words.
 */
@Injectable()
export class NodePtySpawner extends PtySpawner {
  private module?: typeof NodePty;

  override spawn(program: string, args: readonly string[], size: PtySize): PtyProcess {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    this.module ??= loadNativeAddon(NODE_PTY, () => require('node-pty') as typeof NodePty);
    const pty = this.module.spawn(program, [...args], {
      name: 'xterm-256color',
      cols: size.cols,
      rows: size.rows,
      cwd: '/',
      // lxc-attach clears the environment inside the container; outside it needs only PATH.
      env: { PATH: process.env['PATH'] ?? '/usr/sbin:/usr/bin:/sbin:/bin', TERM: 'xterm-256color' },
      encoding: null,
    });
    return {
      onData: (listener) => void pty.onData((data) => listener(data as unknown as Buffer)),
      onExit: (listener) => void pty.onExit(({ exitCode, signal }) => listener({ code: signal ? null : exitCode })),
      write: (data) => pty.write(data),
      resize: (cols, rows) => pty.resize(cols, rows),
      pause: () => pty.pause(),
      resume: () => pty.resume(),
      kill: () => {
        try {
          pty.kill('SIGKILL');
        } catch {
          // Already gone.
        }
      },
    };
  }
}
