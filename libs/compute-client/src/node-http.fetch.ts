import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { DeadlineExceeded, SendFailure } from './fetch-failure.js';

/** The connection pool of one lane: its own sockets, so that one lane never waits for another's. */
export interface LaneAgents {
  http: HttpAgent;
  https: HttpsAgent;
}

export function laneAgents(maxSockets: number): LaneAgents {
  // The agents close an idle connection before the node's own keep-alive timeout, from its Keep-Alive hint.
  return {
    http: new HttpAgent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets }),
    https: new HttpsAgent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets }),
  };
}

/** The answer's body grew past the limit; the socket was destroyed as soon as it did. */
export class AnswerTooLarge extends Error {
  constructor(readonly limitBytes: number) {
    super(`the answer is larger than ${formatBytes(limitBytes)}`);
  }
}

/**
 * The `fetch` openapi-fetch calls, over node:http instead of the built-in
 * fetch: the built-in one costs several times more CPU per request, which a
 * manager polling dozens of nodes every two seconds on a small board feels.
 * Same contract for the client: rejects on network failure or abort, never
 * follows a redirect; and more:
 * - an abort (the call's deadline) rejects at once and destroys the request,
 *   wherever it is: waiting for a socket, connecting, or reading the answer;
 * - a failure says whether the request had been written to the node (SendFailure);
 * - a body larger than `maxAnswerBytes` is refused while it streams (AnswerTooLarge),
 *   so memory stays flat whatever a node sends.
 */
export function nodeHttpFetch(agents: LaneAgents, maxAnswerBytes: number): (request: Request) => Promise<Response> {
  return async (request) => {
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => (headers[name] = value));
    if (body) headers['content-length'] = String(body.length);
    const secure = url.protocol === 'https:';
    const send = secure ? httpsRequest : httpRequest;
    return new Promise<Response>((resolve, reject) => {
      let written = false;
      let done = false;
      const finish = (outcome: () => void) => {
        if (done) return;
        done = true;
        request.signal.removeEventListener('abort', abort);
        outcome();
      };
      const fail = (error: unknown) => finish(() => reject(new SendFailure(error, written)));
      const refuse = (error: Error) =>
        finish(() => {
          outgoing.destroy();
          reject(error);
        });
      const abort = () =>
        finish(() => {
          outgoing.destroy();
          reject(new SendFailure(request.signal.reason ?? new DeadlineExceeded(0), written));
        });

      const outgoing = send(url, { method: request.method, headers, agent: secure ? agents.https : agents.http }, (incoming) => {
        const status = incoming.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          refuse(new SendFailure(new TypeError(`unexpected redirect (${status}) to ${incoming.headers.location ?? 'nowhere'}`), true));
          return;
        }
        const declared = Number(incoming.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxAnswerBytes) {
          refuse(new AnswerTooLarge(maxAnswerBytes));
          return;
        }
        const chunks: Buffer[] = [];
        let received = 0;
        incoming.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > maxAnswerBytes) refuse(new AnswerTooLarge(maxAnswerBytes));
          else chunks.push(chunk);
        });
        incoming.on('error', fail);
        incoming.on('close', () => {
          if (!incoming.complete) fail(Object.assign(new Error('the connection closed before the answer was complete'), { code: 'EPIPE' }));
        });
        incoming.on('end', () => finish(() => resolve(toResponse(incoming, status, Buffer.concat(chunks)))));
      });
      if (request.signal.aborted) {
        abort();
        return;
      }
      request.signal.addEventListener('abort', abort, { once: true });
      outgoing.on('finish', () => (written = true));
      outgoing.on('error', fail);
      outgoing.end(body);
    });
  };
}

function toResponse(incoming: IncomingMessage, status: number, body: Buffer): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
  }
  const empty = status === 204 || status === 304 || body.length === 0;
  return new Response(empty ? null : body, { status, statusText: incoming.statusMessage ?? '', headers });
}

/** 1 MB, 64 KB, 500 bytes. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} bytes`;
}
