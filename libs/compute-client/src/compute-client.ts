import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './generated/compute-api.js';
import type {
  ComputeCreateInstance,
  ComputeHealth,
  ComputeInstance,
  ComputeInstanceAction,
  ComputeIdentifyLed,
  ComputeInstanceDetails,
  ComputeLedStatus,
  ComputeRenameInstance,
  ComputeUsage,
} from './compute-api.types.js';
import {
  ComputeClientError,
  ComputeNodeAnsweredError,
  ComputeNodeInvalidAnswerError,
} from './compute-client.errors.js';
import { describeFetchFailure } from './fetch-failure.js';
import { nodeHttpFetch } from './node-http.fetch.js';

export interface ComputeClientOptions {
  /** The node's base URL, e.g. http://10.0.0.21:7001 */
  baseUrl: string;
  /** The node's bearer token; sent on every call but /health. */
  token: string;
  /** How requests are sent; default: over node:http (see nodeHttpFetch). */
  fetch?: (request: Request) => Promise<Response>;
}

/** Every call is bounded: it fails with ComputeNodeUnreachableError once timeoutMs has passed. */
export interface CallOptions {
  timeoutMs: number;
}

interface OpenApiFetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * The compute API of one node, typed by the client generated from
 * openapi/compute.json. Answers are the node's; every failure is a
 * ComputeClientError (answered with an error, unreachable, or invalid answer).
 */
export class ComputeClient {
  private readonly client: Client<paths>;
  private readonly authorization: Record<string, string>;

  constructor(options: ComputeClientOptions) {
    this.client = createClient<paths>({
      baseUrl: options.baseUrl,
      // A compute node never redirects; following one would carry the token elsewhere.
      redirect: 'error',
      fetch: options.fetch ?? nodeHttpFetch,
    });
    this.authorization = { authorization: `Bearer ${options.token}` };
  }

  health(options: CallOptions): Promise<ComputeHealth> {
    return this.call(options, (signal) => this.client.GET('/health', { signal }));
  }

  usage(options: CallOptions): Promise<ComputeUsage> {
    return this.call(options, (signal) => this.client.GET('/usage', { signal, headers: this.authorization }));
  }

  listInstances(options: CallOptions): Promise<ComputeInstance[]> {
    return this.call(options, (signal) => this.client.GET('/instances', { signal, headers: this.authorization }));
  }

  createInstance(body: ComputeCreateInstance, options: CallOptions): Promise<ComputeInstanceDetails> {
    return this.call(options, (signal) => this.client.POST('/instances', { body, signal, headers: this.authorization }));
  }

  getInstance(id: string, options: CallOptions): Promise<ComputeInstanceDetails> {
    return this.call(options, (signal) =>
      this.client.GET('/instances/{id}', { params: { path: { id } }, signal, headers: this.authorization }),
    );
  }

  actOnInstance(id: string, body: ComputeInstanceAction, options: CallOptions): Promise<ComputeInstanceDetails> {
    return this.call(options, (signal) =>
      this.client.POST('/instances/{id}', { params: { path: { id } }, body, signal, headers: this.authorization }),
    );
  }

  renameInstance(id: string, body: ComputeRenameInstance, options: CallOptions): Promise<ComputeInstanceDetails> {
    return this.call(options, (signal) =>
      this.client.PUT('/instances/{id}', { params: { path: { id } }, body, signal, headers: this.authorization }),
    );
  }

  async deleteInstance(id: string, query: { force?: boolean }, options: CallOptions): Promise<void> {
    await this.call(options, (signal) =>
      this.client.DELETE('/instances/{id}', { params: { path: { id }, query }, signal, headers: this.authorization }),
    );
  }

  led(options: CallOptions): Promise<ComputeLedStatus> {
    return this.call(options, (signal) => this.client.GET('/led', { signal, headers: this.authorization }));
  }

  /** Blinks the whole matrix so a person can find the board; answers at once. */
  identifyLed(body: ComputeIdentifyLed, options: CallOptions): Promise<ComputeLedStatus> {
    return this.call(options, (signal) => this.client.POST('/led/identify', { body, signal, headers: this.authorization }));
  }

  private async call<T>(
    options: CallOptions,
    send: (signal: AbortSignal) => Promise<OpenApiFetchResult<T>>,
  ): Promise<T> {
    let result: OpenApiFetchResult<T>;
    try {
      result = await send(AbortSignal.timeout(options.timeoutMs));
    } catch (error) {
      if (error instanceof ComputeClientError) throw error;
      // A 2xx body that is not JSON makes openapi-fetch's JSON.parse throw.
      if (error instanceof SyntaxError) {
        throw new ComputeNodeInvalidAnswerError(`the answer is not JSON: ${error.message}`);
      }
      throw describeFetchFailure(error, options.timeoutMs);
    }
    if (!result.response.ok) throw answeredError(result.response.status, result.error);
    return result.data as T;
  }
}

function answeredError(status: number, body: unknown): ComputeNodeAnsweredError {
  if (typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string') {
    const { message, details } = body as { message: string; details?: unknown };
    return new ComputeNodeAnsweredError(
      status,
      message,
      Array.isArray(details) ? details.map(String) : undefined,
    );
  }
  const text = typeof body === 'string' ? body.trim().slice(0, 300) : '';
  return new ComputeNodeAnsweredError(status, text || `HTTP ${status} with no message`);
}
