import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** The most of an answer this reads: join answers and errors are a few hundred bytes. */
const MAX_ANSWER_BYTES = 64 * 1024;

export interface JsonAnswer {
  status: number;
  /** The parsed body; undefined when there was none, or it was not JSON (see text). */
  body: unknown;
  text: string;
  /** Where a redirect pointed (never followed: the request may carry a secret). */
  location?: string;
}

/** The request got no HTTP answer; the message says why, for a person. */
export class NoAnswerError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/**
 * One JSON request over node:http(s): a compute node runs in V8's lite mode,
 * without WebAssembly, so fetch() is not available. Bounded in time and in
 * the size of the answer; redirects are not followed.
 */
export function requestJson(
  method: 'GET' | 'POST',
  url: URL,
  options: { body?: unknown; headers?: Record<string, string>; timeoutMs: number },
): Promise<JsonAnswer> {
  const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (payload) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(payload.length);
  }
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<JsonAnswer>((resolve, reject) => {
    const where = url.origin;
    // The whole exchange is bounded, not only the wait for each packet.
    const outgoing = send(url, { method, headers, signal: AbortSignal.timeout(options.timeoutMs) }, (incoming) =>
      readAnswer(incoming, resolve, (error) => reject(describeFailure(error, where, options.timeoutMs))),
    );
    outgoing.on('error', (error) => reject(describeFailure(error, where, options.timeoutMs)));
    outgoing.end(payload);
  });
}

function readAnswer(incoming: IncomingMessage, resolve: (answer: JsonAnswer) => void, fail: (error: Error) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  incoming.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_ANSWER_BYTES) {
      incoming.destroy(Object.assign(new Error(`the answer is larger than ${MAX_ANSWER_BYTES / 1024} KB`), { code: 'ETOOBIG' }));
      return;
    }
    chunks.push(chunk);
  });
  incoming.on('error', fail);
  incoming.on('end', () => {
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    const location = typeof incoming.headers.location === 'string' ? incoming.headers.location : undefined;
    resolve({ status: incoming.statusCode ?? 0, body, text, ...(location === undefined ? {} : { location }) });
  });
}

function describeFailure(error: Error, where: string, timeoutMs: number): NoAnswerError {
  const raw = (error as NodeJS.ErrnoException).code;
  const code = raw === 'ABORT_ERR' || error.name === 'AbortError' || error.name === 'TimeoutError' ? 'ETIMEDOUT' : raw;
  const reasons: Record<string, string> = {
    ECONNREFUSED: `nothing answers at ${where} (is it running, and is the port right?)`,
    ENOTFOUND: `the name of ${where} does not resolve`,
    EAI_AGAIN: `the name of ${where} cannot be resolved right now`,
    EHOSTUNREACH: `there is no route to ${where}`,
    ENETUNREACH: `the network of ${where} cannot be reached`,
    ECONNRESET: `${where} closed the connection`,
    ETIMEDOUT: `${where} did not answer within ${timeoutMs / 1000} s`,
    ETOOBIG: `${where} sent too large an answer`,
  };
  return new NoAnswerError(reasons[code ?? ''] ?? `${where} could not be reached: ${error.message}`, code);
}

/** The `message` of a TinyStack error answer, else a short form of whatever came. */
export function answerMessage(answer: JsonAnswer): string {
  const body = answer.body as { message?: unknown } | undefined;
  if (typeof body?.message === 'string' && body.message.trim() !== '') return body.message.slice(0, 1000);
  const text = answer.text.trim().slice(0, 200);
  return text === '' ? `HTTP ${answer.status} with no message` : `HTTP ${answer.status}: ${text}`;
}
