import createClient, { type Client } from 'openapi-fetch';
import {
  answerProblems,
  ExecResultDto,
  HealthDto,
  ImageCacheDto,
  ImageCacheEntryDto,
  InstanceDetailsDto,
  MAX_INSTANCE_SNAPSHOTS,
  SnapshotDto,
  InstanceWithFiguresDto,
  LedStatusDto,
  listAnswerProblems,
  MAX_INSTANCE_PORT_FORWARDS,
  MAX_NODE_INSTANCES,
  PortForwardDto,
  UsageDto,
} from '@tinystack/contracts';
import type { paths } from './generated/compute-api.js';
import type {
  ComputeCreateInstance,
  ComputeCreatePortForward,
  ComputeExecRequest,
  ComputeExecResult,
  ComputeHealth,
  ComputeHealthAnswer,
  ComputeIdentifyLed,
  ComputeImageCache,
  ComputeImageCacheEntry,
  ComputeInstanceAction,
  ComputePatchInstance,
  ComputeRestoreSnapshot,
  ComputeSnapshot,
  ComputeCreateSnapshot,
  ComputeInstanceDetails,
  ComputeInstanceWithFigures,
  ComputeLedStatus,
  ComputeLimits,
  ComputePortForward,
  ComputeRenameInstance,
  ComputeUsage,
} from './compute-api.types.js';
import {
  ComputeClientError,
  ComputeNodeAnsweredError,
  ComputeNodeInvalidAnswerError,
} from './compute-client.errors.js';
import type { CallOptions, ComputeNodeApi } from './compute-node-api.js';
import { DeadlineExceeded, describeFetchFailure, SendFailure } from './fetch-failure.js';
import { AnswerTooLarge, laneAgents, nodeHttpFetch, type LaneAgents } from './node-http.fetch.js';


/** Default NODE_ANSWER_MAX_BYTES: far above any answer of the compute API, far below what hurts a board. */
export const DEFAULT_MAX_ANSWER_BYTES = 1024 * 1024;
/**
 * The action lane's answer limit: an exec answer holds stdout and stderr of up
 * to 1 MiB each (the node's default EXEC_OUTPUT_MAX_BYTES), which JSON may
 * escape up to six times over.
 */
export const EXEC_ANSWER_MAX_BYTES = 2 * 1024 * 1024 * 6 + 64 * 1024;
/** Default NODE_ACTION_CONCURRENCY. */
export const DEFAULT_ACTION_CONCURRENCY = 4;
/** Connections of the poll lane: a poll uses two at once; reads by people add a few. */
const POLL_LANE_SOCKETS = 8;

export interface ComputeClientOptions {
  /** The node's base URL, e.g. http://10.0.0.21:7001 */
  baseUrl: string;
  /** The node's bearer token; sent on every call but /health. */
  token: string;
  /** Answers larger than this are refused while they stream. Default 1 MB. */
  maxAnswerBytes?: number;
  /** Connections of the action lane: as many as the changes the caller runs at once. Default 4. */
  actionConcurrency?: number;
}

interface OpenApiFetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

interface Lane {
  api: Client<paths>;
  agents: LaneAgents;
}

/** What an answer of a call must be, by the compute contract; the problems found, none when valid. */
type AnswerCheck = (answer: unknown) => string[];

const CHECKS = {
  usage: (answer: unknown) => answerProblems(UsageDto, answer),
  // A node older than the per-instance figures does not report them: unknown, not wrong.
  instances: (answer: unknown) => listAnswerProblems(InstanceWithFiguresDto, answer, MAX_NODE_INSTANCES, { missingIsUnknown: true }),
  details: (answer: unknown) => answerProblems(InstanceDetailsDto, answer),
  led: (answer: unknown) => answerProblems(LedStatusDto, answer),
  exec: (answer: unknown) => answerProblems(ExecResultDto, answer),
  port: (answer: unknown) => answerProblems(PortForwardDto, answer),
  ports: (answer: unknown) => listAnswerProblems(PortForwardDto, answer, MAX_INSTANCE_PORT_FORWARDS),
  snapshot: (answer: unknown) => answerProblems(SnapshotDto, answer),
  snapshots: (answer: unknown) => listAnswerProblems(SnapshotDto, answer, MAX_INSTANCE_SNAPSHOTS),
  imageCache: (answer: unknown) => answerProblems(ImageCacheDto, answer),
  imageEntry: (answer: unknown) => answerProblems(ImageCacheEntryDto, answer),
  // Fields a node does not report (an older node) are unknown, not wrong; those it reports must be right.
  health: (answer: unknown) => answerProblems(HealthDto, answer, { missingIsUnknown: true }),
  none: () => [],
} satisfies Record<string, AnswerCheck>;

/**
 * The compute API of one node, typed by the client generated from
 * openapi/compute.json, over two lanes of its own (see ComputeNodeApi).
 * Every call has a deadline that counts everything, the wait for a
 * connection included; every answer is size-limited and checked against the
 * compute contract. Every failure is a ComputeClientError: answered with an
 * error, unreachable (or too slow), or an invalid answer.
 */
export class ComputeClient implements ComputeNodeApi {
  private readonly poll: Lane;
  private readonly action: Lane;
  private readonly authorization: Record<string, string>;

  constructor(options: ComputeClientOptions) {
    const maxAnswerBytes = options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES;
    const lane = (sockets: number, answerBytes: number): Lane => {
      const agents = laneAgents(sockets);
      // A compute node never redirects; following one would carry the token elsewhere.
      const api = createClient<paths>({ baseUrl: options.baseUrl, redirect: 'error', fetch: nodeHttpFetch(agents, answerBytes) });
      return { api, agents };
    };
    this.poll = lane(POLL_LANE_SOCKETS, maxAnswerBytes);
    this.action = lane(options.actionConcurrency ?? DEFAULT_ACTION_CONCURRENCY, Math.max(maxAnswerBytes, EXEC_ANSWER_MAX_BYTES));
    this.authorization = { authorization: `Bearer ${options.token}` };
  }

  async health(options: CallOptions): Promise<ComputeHealth> {
    const answer = await this.call(this.poll, 'GET /health', options, CHECKS.health, (api, signal) => api.GET('/health', { signal }));
    return readHealth(answer);
  }

  usage(options: CallOptions): Promise<ComputeUsage> {
    return this.call(this.poll, 'GET /usage', options, CHECKS.usage, (api, signal) =>
      api.GET('/usage', { signal, headers: this.authorization }),
    );
  }

  listInstances(options: CallOptions): Promise<ComputeInstanceWithFigures[]> {
    return this.call(this.poll, 'GET /instances', options, CHECKS.instances, (api, signal) =>
      api.GET('/instances', { signal, headers: this.authorization }),
    );
  }

  getInstance(id: string, options: CallOptions): Promise<ComputeInstanceDetails> {
    return this.call(this.poll, `GET /instances/${id}`, options, CHECKS.details, (api, signal) =>
      api.GET('/instances/{id}', { params: { path: { id } }, signal, headers: this.authorization }),
    );
  }

  getSettledInstance(id: string, options: CallOptions): Promise<ComputeInstanceDetails> {
    // A node older than `settled` ignores it and answers at once.
    const params = { path: { id }, query: { settled: true } };
    // It waits for a change on the node to finish: the action lane's business, never a poll's.
    return this.call(this.action, `GET /instances/${id}?settled=true`, options, CHECKS.details, (api, signal) =>
      api.GET('/instances/{id}', { params, signal, headers: this.authorization }),
    );
  }

  createInstance(body: ComputeCreateInstance, options: CallOptions): Promise<ComputeInstanceDetails> {
    return this.call(this.action, 'POST /instances', options, CHECKS.details, (api, signal) =>
      api.POST('/instances', { body, signal, headers: this.authorization }),
    );
  }

  actOnInstance(id: string, body: ComputeInstanceAction, options: CallOptions): Promise<ComputeInstanceDetails> {
    return this.call(this.action, `POST /instances/${id}`, options, CHECKS.details, (api, signal) =>
      api.POST('/instances/{id}', { params: { path: { id } }, body, signal, headers: this.authorization }),
    );
  }

  renameInstance(id: string, body: ComputeRenameInstance, options: CallOptions): Promise<ComputeInstanceDetails> {
    return this.call(this.action, `PUT /instances/${id}`, options, CHECKS.details, (api, signal) =>
      api.PUT('/instances/{id}', { params: { path: { id } }, body, signal, headers: this.authorization }),
    );
  }

  async deleteInstance(id: string, query: { force?: boolean }, options: CallOptions): Promise<void> {
    await this.call(this.action, `DELETE /instances/${id}`, options, CHECKS.none, (api, signal) =>
      api.DELETE('/instances/{id}', { params: { path: { id }, query }, signal, headers: this.authorization }),
    );
  }

  // A command runs as long as its timeout: on the action lane, so that polls never wait behind it.
  exec(id: string, body: ComputeExecRequest, options: CallOptions): Promise<ComputeExecResult> {
    return this.call(this.action, `POST /instances/${id}/exec`, options, CHECKS.exec, (api, signal) =>
      api.POST('/instances/{id}/exec', { params: { path: { id } }, body, signal, headers: this.authorization }),
    );
  }

  listPorts(id: string, options: CallOptions): Promise<ComputePortForward[]> {
    return this.call(this.poll, `GET /instances/${id}/ports`, options, CHECKS.ports, (api, signal) =>
      api.GET('/instances/{id}/ports', { params: { path: { id } }, signal, headers: this.authorization }),
    );
  }

  createPort(id: string, body: ComputeCreatePortForward, options: CallOptions): Promise<ComputePortForward> {
    return this.call(this.action, `POST /instances/${id}/ports`, options, CHECKS.port, (api, signal) =>
      api.POST('/instances/{id}/ports', { params: { path: { id } }, body, signal, headers: this.authorization }),
    );
  }

  async deletePort(id: string, hostPort: number, query: { protocol?: 'tcp' | 'udp' }, options: CallOptions): Promise<void> {
    await this.call(this.action, `DELETE /instances/${id}/ports/${hostPort}`, options, CHECKS.none, (api, signal) =>
      api.DELETE('/instances/{id}/ports/{hostPort}', { params: { path: { id, hostPort }, query }, signal, headers: this.authorization }),
    );
  }

  patchInstance(id: string, body: ComputePatchInstance, options: CallOptions): Promise<ComputeInstanceDetails> {
    return this.call(this.action, `PATCH /instances/${id}`, options, CHECKS.details, (api, signal) =>
      api.PATCH('/instances/{id}', { params: { path: { id } }, body, signal, headers: this.authorization }),
    );
  }

  listSnapshots(id: string, options: CallOptions): Promise<ComputeSnapshot[]> {
    return this.call(this.poll, `GET /instances/${id}/snapshots`, options, CHECKS.snapshots, (api, signal) =>
      api.GET('/instances/{id}/snapshots', { params: { path: { id } }, signal, headers: this.authorization }),
    );
  }

  createSnapshot(id: string, body: ComputeCreateSnapshot, options: CallOptions): Promise<ComputeSnapshot> {
    return this.call(this.action, `POST /instances/${id}/snapshots`, options, CHECKS.snapshot, (api, signal) =>
      api.POST('/instances/{id}/snapshots', { params: { path: { id } }, body, signal, headers: this.authorization }),
    );
  }

  restoreSnapshot(id: string, snap: string, body: ComputeRestoreSnapshot, options: CallOptions): Promise<ComputeInstanceDetails> {
    return this.call(this.action, `POST /instances/${id}/snapshots/${snap}/restore`, options, CHECKS.details, (api, signal) =>
      api.POST('/instances/{id}/snapshots/{snap}/restore', { params: { path: { id, snap } }, body, signal, headers: this.authorization }),
    );
  }

  async deleteSnapshot(id: string, snap: string, options: CallOptions): Promise<void> {
    await this.call(this.action, `DELETE /instances/${id}/snapshots/${snap}`, options, CHECKS.none, (api, signal) =>
      api.DELETE('/instances/{id}/snapshots/{snap}', { params: { path: { id, snap } }, signal, headers: this.authorization }),
    );
  }

  imageCache(options: CallOptions): Promise<ComputeImageCache> {
    return this.call(this.poll, 'GET /images', options, CHECKS.imageCache, (api, signal) => api.GET('/images', { signal, headers: this.authorization }));
  }

  cachedImage(sha256: string, options: CallOptions): Promise<ComputeImageCacheEntry> {
    return this.call(this.poll, `GET /images/${sha256}`, options, CHECKS.imageEntry, (api, signal) =>
      api.GET('/images/{sha256}', { params: { path: { sha256 } }, signal, headers: this.authorization }),
    );
  }

  led(options: CallOptions): Promise<ComputeLedStatus> {
    return this.call(this.poll, 'GET /led', options, CHECKS.led, (api, signal) =>
      api.GET('/led', { signal, headers: this.authorization }),
    );
  }

  // A person waits for the board to blink, and the node answers at once: not behind queued changes.
  identifyLed(body: ComputeIdentifyLed, options: CallOptions): Promise<ComputeLedStatus> {
    return this.call(this.poll, 'POST /led/identify', options, CHECKS.led, (api, signal) =>
      api.POST('/led/identify', { body, signal, headers: this.authorization }),
    );
  }

  close(): void {
    for (const { agents } of [this.poll, this.action]) {
      agents.http.destroy();
      agents.https.destroy();
    }
  }

  private async call<T>(
    lane: Lane,
    label: string,
    options: CallOptions,
    check: AnswerCheck,
    send: (api: Client<paths>, signal: AbortSignal) => Promise<OpenApiFetchResult<T>>,
  ): Promise<T> {
    const { timeoutMs } = options;
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    // The deadline aborts the request wherever it is; should anything still hold on, it rejects regardless.
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        const reason = new DeadlineExceeded(timeoutMs);
        controller.abort(reason);
        setImmediate(() => reject(new SendFailure(reason, true)));
      }, timeoutMs);
    });
    let result: OpenApiFetchResult<T>;
    try {
      result = await Promise.race([send(lane.api, controller.signal), deadline]);
    } catch (error) {
      if (error instanceof ComputeClientError) throw error;
      if (error instanceof AnswerTooLarge) throw new ComputeNodeInvalidAnswerError(label, error.message);
      // A 2xx body that is not JSON makes openapi-fetch's JSON.parse throw.
      if (error instanceof SyntaxError) throw new ComputeNodeInvalidAnswerError(label, `the answer is not JSON: ${error.message}`);
      throw describeFetchFailure(error, timeoutMs);
    } finally {
      clearTimeout(timer);
      deadline.catch(() => undefined);
    }
    if (!result.response.ok) throw answeredError(result.response.status, result.error);
    const problems = check(result.data);
    if (problems.length > 0) throw new ComputeNodeInvalidAnswerError(label, problems.join('; '));
    return result.data as T;
  }
}

function answeredError(status: number, body: unknown): ComputeNodeAnsweredError {
  if (typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string') {
    const { message, details } = body as { message: string; details?: unknown };
    return new ComputeNodeAnsweredError(
      status,
      message.slice(0, 2000),
      Array.isArray(details) ? details.slice(0, 20).map((detail) => String(detail).slice(0, 500)) : undefined,
    );
  }
  const text = typeof body === 'string' ? body.trim().slice(0, 300) : '';
  return new ComputeNodeAnsweredError(status, text || `HTTP ${status} with no message`);
}

/** The fields of /health the manager uses; what a node does not say is null (unknown). */
function readHealth(answer: ComputeHealthAnswer): ComputeHealth {
  const fields = answer as Partial<ComputeHealthAnswer> & { nodeId?: unknown; version?: unknown; limits?: unknown };
  return {
    hostname: typeof fields.hostname === 'string' ? fields.hostname : null,
    lxcAvailable: typeof fields.lxc?.available === 'boolean' ? fields.lxc.available : null,
    nodeId: typeof fields.nodeId === 'string' && fields.nodeId.length > 0 && fields.nodeId.length <= 64 ? fields.nodeId : null,
    version: typeof fields.version === 'string' && fields.version.length <= 64 ? fields.version : null,
    limits: readLimits(fields.limits),
    // Checked against ReadinessCheckDto with the rest of the answer (CHECKS.health).
    ready: typeof fields.ready === 'boolean' ? fields.ready : null,
    // Checked against HealthDto with the rest of the answer (CHECKS.health): a node older than images says neither.
    architecture: fields.architecture ?? null,
    templates: fields.templates ? [...fields.templates] : null,
    checks: Array.isArray(fields.checks) ? fields.checks.map(({ name, ok, detail, fix }) => ({ name, ok, detail, fix: fix ?? null })) : null,
  };
}

function readLimits(value: unknown): ComputeLimits | null {
  if (typeof value !== 'object' || value === null) return null;
  const { commandTimeoutMs, createTimeoutMs, stopTimeoutSeconds } = value as Record<string, unknown>;
  const positive = (figure: unknown): figure is number => typeof figure === 'number' && Number.isFinite(figure) && figure > 0;
  if (!positive(commandTimeoutMs) || !positive(createTimeoutMs) || !positive(stopTimeoutSeconds)) return null;
  return { commandTimeoutMs, createTimeoutMs, stopTimeoutSeconds };
}
