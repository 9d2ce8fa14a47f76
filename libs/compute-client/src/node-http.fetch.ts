import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

// One pool per process: polls reuse their connections (the agent closes an
// idle one before the node's own keep-alive timeout, from its Keep-Alive hint).
const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 8 });
const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 8 });

/**
 * The `fetch` openapi-fetch calls, over node:http instead of the built-in
 * fetch: the built-in one costs several times more CPU per request, which a
 * manager polling dozens of nodes every two seconds on a small board feels.
 * Same contract for the client: rejects on network failure or abort (with
 * the socket error, code included), never follows a redirect.
 */
export async function nodeHttpFetch(request: Request): Promise<Response> {
  const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => (headers[name] = value));
  if (body) headers['content-length'] = String(body.length);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<Response>((resolve, reject) => {
    // An abort (the call's timeout) surfaces as its reason, whether it came before or during the answer.
    const fail = (error: Error) => reject(request.signal.aborted ? (request.signal.reason ?? error) : error);
    const outgoing = send(
      url,
      { method: request.method, headers, agent: url.protocol === 'https:' ? httpsAgent : httpAgent, signal: request.signal },
      (incoming) => {
        const status = incoming.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          incoming.resume();
          reject(new TypeError(`unexpected redirect (${status}) to ${incoming.headers.location ?? 'nowhere'}`));
          return;
        }
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', fail);
        incoming.on('end', () => resolve(toResponse(incoming, status, Buffer.concat(chunks))));
      },
    );
    outgoing.on('error', fail);
    outgoing.end(body);
  });
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
