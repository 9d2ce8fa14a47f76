import { WebSocket } from 'ws';
import type { TerminalServerMessage } from '@tinystack/contracts';
import { OperationFailedError } from '../cli.errors.js';
import { findInstance, NODE_OPTION } from '../targets.js';
import { defineVerb } from './verb.js';

export const consoleVerb = defineVerb({
  name: 'console',
  section: 'Instances',
  summary: 'Attach this terminal to a login shell in a running instance',
  description: [
    'Your keys go to the shell as they are (the terminal is in raw mode), its size follows this window, and the ' +
      'session ends when the shell exits or the instance stops; the terminal is then restored. Exit the shell (exit, ' +
      'or Ctrl-D) to leave.',
  ],
  arguments: [{ name: 'NAME' }],
  options: NODE_OPTION,
  async run(call) {
    const stdin = call.stdin.stream ?? process.stdin;
    const stdout = process.stdout;
    const instance = await findInstance(call, call.args[0]!, 'console');
    const manager = call.manager();
    const size = stdout.isTTY ? { cols: stdout.columns, rows: stdout.rows } : {};
    const ticket = await manager.openTerminal(instance.nodeId, instance.name, size, { timeoutMs: call.timeouts.readMs });
    const socket = new WebSocket(manager.terminalUrl(ticket), { handshakeTimeout: call.timeouts.readMs, perMessageDeflate: false });
    return new Promise<number>((resolve, reject) => {
      let ending: string | null = null;
      let code = 0;
      const raw = stdin.isTTY === true;
      const onResize = () => send({ type: 'resize', cols: stdout.columns, rows: stdout.rows });
      const send = (message: object) => socket.readyState === WebSocket.OPEN && socket.send(JSON.stringify(message));
      const onKeys = (data: Buffer) => socket.readyState === WebSocket.OPEN && socket.send(data, { binary: true });
      const restore = () => {
        stdin.off('data', onKeys);
        process.off('SIGWINCH', onResize);
        if (raw) stdin.setRawMode(false);
        stdin.pause();
      };
      socket.on('unexpected-response', (_request, response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => {
          let message = body || `HTTP ${response.statusCode}`;
          try {
            message = (JSON.parse(body) as { message?: string }).message ?? message;
          } catch {
            // Not JSON: the text as it is.
          }
          reject(new OperationFailedError(`the terminal was refused: ${message}`));
        });
      });
      socket.on('error', (error) => {
        if (socket.readyState !== WebSocket.CLOSED) restore();
        reject(new OperationFailedError(`the terminal failed: ${error.message}`));
      });
      socket.on('open', () => {
        if (raw) stdin.setRawMode(true);
        stdin.on('data', onKeys);
        stdin.resume();
        process.on('SIGWINCH', onResize);
      });
      socket.on('message', (data: Buffer, isBinary: boolean) => {
        if (isBinary) return void stdout.write(data);
        const message = JSON.parse(data.toString('utf8')) as TerminalServerMessage;
        if (message.type === 'exit') {
          ending = message.reason;
          code = message.code ?? 1;
        } else if (message.type === 'error') {
          ending = message.message;
          code = 1;
        }
      });
      socket.on('close', (closeCode, reason) => {
        restore();
        const why = ending ?? (reason.length > 0 ? reason.toString('utf8') : closeCode === 1000 ? null : `the link closed (${closeCode})`);
        if (why) call.out.warn(`\r\nterminal closed: ${why}`);
        resolve(code);
      });
    });
  },
});
