import WebSocket from 'ws';

/** A terminal WebSocket as the tests drive it: raw bytes out, JSON control frames kept apart. */
export interface TerminalSocket {
  socket: WebSocket;
  /** Everything the shell printed so far. */
  output: () => string;
  /** Resolves with the first match of `pattern` in the output; rejects with the output after `timeoutMs`. */
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<string>;
  /** The text (control) frames received, parsed. */
  messages: Array<Record<string, unknown>>;
  closed: Promise<{ code: number; reason: string }>;
}

/** A refused handshake: the HTTP status and the error body the server answered with. */
export interface TerminalRefusal {
  status: number;
  body: { message: string };
}

const CURSOR_POSITION_QUERY = Buffer.from('\x1b[6n');

/**
 * Opens a terminal WebSocket (a node's /instances/:id/console, or a manager's
 * ticket URL): the open terminal, or a rejection carrying the refusal's status
 * and body.
 */
export function openTerminalSocket(url: string, headers: Record<string, string> = {}): Promise<TerminalSocket> {
  const socket = new WebSocket(url.replace(/^http/, 'ws'), { headers, handshakeTimeout: 10_000 });
  let output = Buffer.alloc(0);
  const messages: Array<Record<string, unknown>> = [];
  socket.on('message', (data: Buffer, isBinary) => {
    // busybox's line editor asks where the cursor is and waits for the answer, as a real terminal gives it.
    if (isBinary && data.includes(CURSOR_POSITION_QUERY)) socket.send(Buffer.from('\x1b[1;1R'), { binary: true });
    if (isBinary) output = Buffer.concat([output, data]);
    else messages.push(JSON.parse(data.toString('utf8')));
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') })),
  );
  const waitFor = async (pattern: RegExp, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const match = pattern.exec(output.toString('utf8'));
      if (match) return match[0];
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`The terminal never showed ${pattern}; it showed:\n${output.toString('utf8')}`);
  };
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket, output: () => output.toString('utf8'), waitFor, messages, closed }));
    socket.once('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      response.on('end', () => reject(Object.assign(new Error(`refused ${response.statusCode}`), { status: response.statusCode, body: JSON.parse(body) })));
    });
    socket.once('error', reject);
  });
}

/** The refusal of a terminal that must not open; fails the test when it opened. */
export async function refusalOf(attempt: Promise<TerminalSocket>): Promise<TerminalRefusal> {
  try {
    (await attempt).socket.close();
  } catch (error) {
    return error as TerminalRefusal;
  }
  throw new Error('The terminal opened although it should have been refused');
}
