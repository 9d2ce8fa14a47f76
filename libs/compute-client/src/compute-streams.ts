import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { ComputeNodeAnsweredError, ComputeNodeInvalidAnswerError, ComputeNodeUnreachableError } from './compute-client.errors.js';
import { describeFetchFailure, SendFailure } from './fetch-failure.js';

/** Error and JSON answers of a streamed call are small; anything larger is not the compute API. */
const SMALL_ANSWER_BYTES = 64 * 1024;

export interface StreamCallOptions {
  /** Time to the answer's headers when nothing is being sent (a download), and the longest pause of bytes either way. */
  idleTimeoutMs: number;
}

export interface UploadOptions extends StreamCallOptions {
  headers: Record<string, string>;
  /** The check of the node's JSON answer by the compute contract: the problems, none when valid. */
  check: (answer: unknown) => string[];
}

/**
 * The calls to a node whose body is large: an image pushed to it, a root
 * filesystem read from it. Streamed both ways (never held in memory), over
 * a lane of their own (one connection: a board receives one image at a
 * time; no keep-alive: a transfer is long, a connection cheap beside it), bounded by an idle limit rather than a deadline: a 1 GB image on a
 * slow LAN takes minutes, a stalled one is given up after idleTimeoutMs.
 * Failures are the ComputeClientErrors of the other calls.
 */
export class ComputeStreams {
  private readonly agents = { http: new HttpAgent({ maxSockets: 2 }), https: new HttpsAgent({ maxSockets: 2 }) };
  private readonly authorization: string;

  constructor(
    private readonly baseUrl: string,
    token: string,
  ) {
    this.authorization = `Bearer ${token}`;
  }

  /** Sends `body` with PUT (or POST) and answers the node's JSON answer, checked. */
  async upload<T>(method: 'PUT' | 'POST', path: string, body: Readable, options: UploadOptions): Promise<T> {
    const label = `${method} ${path}`;
    const incoming = await this.send(method, path, options, body, options.headers);
    const answer = await readSmall(incoming, label, options.idleTimeoutMs);
    if (incoming.statusCode! >= 300) throw answeredError(incoming.statusCode!, answer);
    const parsed = parseJson(answer, label);
    const problems = options.check(parsed);
    if (problems.length > 0) throw new ComputeNodeInvalidAnswerError(label, problems.join('; '));
    return parsed as T;
  }

  /** GET: the body of a 2xx answer as a stream for the caller to read (and destroy when done early); an error answer throws. */
  async download(path: string, options: StreamCallOptions): Promise<IncomingMessage> {
    const incoming = await this.send('GET', path, options, null, {});
    if (incoming.statusCode! >= 300) throw answeredError(incoming.statusCode!, await readSmall(incoming, `GET ${path}`, options.idleTimeoutMs));
    return incoming;
  }

  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private send(method: string, path: string, options: StreamCallOptions, body: Readable | null, headers: Record<string, string>): Promise<IncomingMessage> {
    const url = new URL(path, this.baseUrl);
    const secure = url.protocol === 'https:';
    const send = secure ? httpsRequest : httpRequest;
    return new Promise<IncomingMessage>((resolve, reject) => {
      let written = false;
      let settled = false;
      const outgoing = send(url, {
        method,
        headers: { ...headers, authorization: this.authorization, ...(body ? {} : { 'content-length': '0' }) },
        agent: secure ? this.agents.https : this.agents.http,
      });
      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        outgoing.destroy();
        body?.destroy();
        reject(describeFetchFailure(new SendFailure(error, written), options.idleTimeoutMs));
      };
      // Idle on the socket, either way: no byte sent or received for that long.
      outgoing.setTimeout(options.idleTimeoutMs, () =>
        fail(Object.assign(new Error(`no data moved for ${options.idleTimeoutMs} ms`), { name: 'TimeoutError' })),
      );
      outgoing.on('error', fail);
      outgoing.on('finish', () => (written = true));
      outgoing.on('response', (incoming) => {
        if (settled) return;
        const status = incoming.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          fail(new TypeError(`unexpected redirect (${status}) to ${incoming.headers.location ?? 'nowhere'}`));
          return;
        }
        settled = true;
        // The node answered before the whole body was sent (a refusal): stop sending.
        if (body && !written) body.unpipe(outgoing);
        incoming.setTimeout(options.idleTimeoutMs, () =>
          incoming.destroy(new ComputeNodeUnreachableError(`no data for ${options.idleTimeoutMs} ms`, true)),
        );
        resolve(incoming);
      });
      if (body) {
        body.on('error', fail);
        body.pipe(outgoing);
      } else {
        outgoing.end();
      }
    });
  }
}

function readSmall(incoming: IncomingMessage, label: string, idleTimeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > SMALL_ANSWER_BYTES) {
        incoming.destroy();
        reject(new ComputeNodeInvalidAnswerError(label, `the answer is larger than ${SMALL_ANSWER_BYTES / 1024} KB`));
      } else chunks.push(chunk);
    });
    incoming.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    incoming.on('error', (error) => reject(error instanceof ComputeNodeUnreachableError ? error : describeFetchFailure(error, idleTimeoutMs)));
  });
}

function parseJson(text: string, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ComputeNodeInvalidAnswerError(label, `the answer is not JSON: ${(error as Error).message}`);
  }
}

function answeredError(status: number, text: string): ComputeNodeAnsweredError {
  try {
    const body = JSON.parse(text) as { message?: unknown; details?: unknown };
    if (typeof body.message === 'string') {
      const details = Array.isArray(body.details) ? body.details.slice(0, 20).map((detail) => String(detail).slice(0, 500)) : undefined;
      return new ComputeNodeAnsweredError(status, body.message.slice(0, 2000), details);
    }
  } catch {
    // Not JSON: the raw text below.
  }
  return new ComputeNodeAnsweredError(status, text.trim().slice(0, 300) || `HTTP ${status} with no message`);
}
