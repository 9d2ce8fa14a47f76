import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { answerProblems } from './answer-schema.js';
import { ANSWER_COMPONENTS, OPERATION_ANSWERS } from './generated/manager-answers.js';
import type { paths } from './generated/manager-api.js';
import type {
  ChangePasswordRequest,
  ClassCode,
  ClassCodeStatus,
  ClusterInstance,
  CreatedPersonalToken,
  CreatedUser,
  CreatePersonalTokenRequest,
  CreateUserRequest,
  CreateUsersRequest,
  DeletedUser,
  DeletedUserInstances,
  ManagerUser,
  Me,
  OneTimePassword,
  PersonalToken,
  QuotaChange,
  QuotaDefaults,
  SignedIn,
  SignInRequest,
  UpdateUserRequest,
  CreatedJoinToken,
  CreateInstanceRequest,
  CreateJoinTokenRequest,
  DiscoveredBoard,
  CreatedDevice,
  Device,
  EventLogPage,
  EventLogQuery,
  ExecRequest,
  ExecResult,
  ExposePortRequest,
  IdentifyRequest,
  InstanceActionRequest,
  InstanceDetails,
  JoinToken,
  LedStatus,
  ManagerEvent,
  ManagerHealth,
  ManagerNode,
  OpenTerminalRequest,
  MqttClientInfo,
  MqttInfo,
  Operation,
  OperationListQuery,
  PortForward,
  PortProtocol,
  RegisterNodeRequest,
  RenameInstanceRequest,
  TerminalTicket,
  UsageHistory,
  UsageHistoryQuery,
  CreateInstancesBatchRequest,
  ImageInfo,
  ImportImageQuery,
  PatchInstanceRequest,
  PublishImageRequest,
  RestoreSnapshotRequest,
  Snapshot,
  UpdateImageRequest,
} from './manager-api.types.js';
import {
  ManagerAnsweredError,
  ManagerClientError,
  ManagerInvalidAnswerError,
  ManagerUnreachableError,
} from './manager-client.errors.js';
import { describeFetchFailure, isTimeout } from './fetch-failure.js';
import { serverSentEventData } from './server-sent-events.js';

export interface ManagerClientOptions {
  /** The manager's base URL, e.g. http://10.0.0.2:8080 (the API is under /api). */
  baseUrl: string;
  /** MANAGER_TOKEN or a personal token; sent on every call but /health. */
  token?: string;
  /** A signed-in session instead of a token (see ManagerClient.signIn). */
  session?: SessionCredentials;
  /** How requests are sent; default: the built-in fetch. */
  fetch?: (request: Request) => Promise<Response>;
}

/** What a session request carries: the cookies the sign-in set, and its CSRF token for every change. */
export interface SessionCredentials {
  /** The Cookie header value, e.g. "tinystack_session=...". */
  cookie: string;
  csrfToken: string;
}

/** A sign-in with a password: the session's own client, and what the manager answered. */
export interface SignedInManager {
  manager: ManagerClient;
  signedIn: SignedIn;
}

/**
 * The header a state-changing request made with the session cookie carries
 * (the document's "csrf" security scheme; CSRF_HEADER of the contracts).
 */
export const CSRF_HEADER = 'X-CSRF-Token';

/** Every call is bounded: it fails with ManagerUnreachableError once timeoutMs has passed. */
export interface CallOptions {
  timeoutMs: number;
}

/** The live events (GET /api/events) as they arrive, until close() or the manager ends the stream. */
export interface ManagerEventStream extends AsyncIterable<ManagerEvent> {
  close(): void;
}

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

const STREAM_OPERATION = 'GET /api/events';
/** Longest wait the manager grants one GET /api/operations/{id}?wait= (seconds). */
const MAX_OPERATION_WAIT_SECONDS = 120;
/** Time given to the answer of one wait beyond the wait itself. */
const WAIT_ANSWER_MARGIN_MS = 10_000;
const EVENT_SCHEMA = OPERATION_ANSWERS[STREAM_OPERATION]!.schema!;

/**
 * The manager API, typed by the client generated from openapi/manager.json;
 * every JSON answer is also checked at run time against the shapes of that
 * document. Every failure is a ManagerClientError: the manager refused
 * (ManagerAnsweredError, with its own message), could not be reached or did
 * not answer in time (ManagerUnreachableError), or answered something else
 * than documented (ManagerInvalidAnswerError).
 */
export class ManagerClient {
  readonly baseUrl: string;
  private readonly client: Client<paths>;
  /** The credentials every call carries, for the calls made without openapi-fetch (a streamed upload). */
  private readonly credentials: Record<string, string>;
  private readonly send: (request: Request) => Promise<Response>;

  constructor(options: ManagerClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    const headers: Record<string, string> = {};
    if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
    if (options.session) {
      headers['cookie'] = options.session.cookie;
      headers[CSRF_HEADER] = options.session.csrfToken;
    }
    this.credentials = headers;
    this.send = options.fetch ?? ((request) => fetch(request));
    this.client = createClient<paths>({
      baseUrl: this.baseUrl,
      // Following a redirect would carry the token to wherever it points.
      redirect: 'error',
      headers,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    this.client.use(answerCheck);
  }

  /**
   * Signs in with a username and password (POST /api/session): a client of
   * that session, which sends back the cookie the manager set and the CSRF
   * token with every call. End it with signOut().
   */
  static async signIn(
    options: Omit<ManagerClientOptions, 'token' | 'session'>,
    credentials: SignInRequest,
    call: CallOptions,
  ): Promise<SignedInManager> {
    const anonymous = new ManagerClient(options);
    let cookies: string[] = [];
    const signedIn = await anonymous.call(call, async (signal) => {
      const result = await anonymous.client.POST('/api/session', { body: credentials, signal });
      cookies = result.response.headers.getSetCookie();
      return result;
    });
    // Every cookie the sign-in set goes back as it came (name=value): the manager names its own.
    const cookie = cookies.map((line) => line.split(';')[0]!.trim()).filter((pair) => /^[^=]+=./.test(pair)).join('; ');
    if (!cookie) throw new ManagerInvalidAnswerError(`the manager at ${anonymous.baseUrl} signed in without setting its session cookie`);
    return { manager: new ManagerClient({ ...options, session: { cookie, csrfToken: signedIn.csrfToken } }), signedIn };
  }

  /** Ends the session of this client (DELETE /api/session). */
  async signOut(options: CallOptions): Promise<void> {
    await this.call(options, (signal) => this.client.DELETE('/api/session', { signal }));
  }

  me(options: CallOptions): Promise<Me> {
    return this.call(options, (signal) => this.client.GET('/api/me', { signal }));
  }

  changePassword(body: ChangePasswordRequest, options: CallOptions): Promise<ManagerUser> {
    return this.call(options, (signal) => this.client.PUT('/api/me/password', { body, signal }));
  }

  /** A personal token of the caller; its secret is in this answer only. */
  createToken(body: CreatePersonalTokenRequest, options: CallOptions): Promise<CreatedPersonalToken> {
    return this.call(options, (signal) => this.client.POST('/api/tokens', { body, signal }));
  }

  listTokens(options: CallOptions): Promise<PersonalToken[]> {
    return this.call(options, (signal) => this.client.GET('/api/tokens', { signal }));
  }

  async revokeToken(id: string, options: CallOptions): Promise<void> {
    await this.call(options, (signal) => this.client.DELETE('/api/tokens/{id}', { params: { path: { id } }, signal }));
  }

  listUsers(options: CallOptions): Promise<ManagerUser[]> {
    return this.call(options, (signal) => this.client.GET('/api/users', { signal }));
  }

  getUser(id: string, options: CallOptions): Promise<ManagerUser> {
    return this.call(options, (signal) => this.client.GET('/api/users/{id}', { params: { path: { id } }, signal }));
  }

  createUser(body: CreateUserRequest, options: CallOptions): Promise<CreatedUser> {
    return this.call(options, (signal) => this.client.POST('/api/users', { body, signal }));
  }

  /** Several users at once, all or none. */
  createUsers(body: CreateUsersRequest, options: CallOptions): Promise<CreatedUser[]> {
    return this.call(options, (signal) => this.client.POST('/api/users/batch', { body, signal }));
  }

  updateUser(id: string, body: UpdateUserRequest, options: CallOptions): Promise<ManagerUser> {
    return this.call(options, (signal) => this.client.PUT('/api/users/{id}', { params: { path: { id } }, body, signal }));
  }

  resetPassword(id: string, options: CallOptions): Promise<OneTimePassword> {
    return this.call(options, (signal) => this.client.POST('/api/users/{id}/reset-password', { params: { path: { id } }, signal }));
  }

  /** Deletes a user; with "delete", the delete operations of their instances are started (follow them with waitForOperation). */
  deleteUser(id: string, instances: DeletedUserInstances, options: CallOptions): Promise<DeletedUser> {
    return this.call(options, (signal) =>
      this.client.DELETE('/api/users/{id}', { params: { path: { id }, query: { instances } }, signal }),
    );
  }

  quotaDefaults(options: CallOptions): Promise<QuotaDefaults> {
    return this.call(options, (signal) => this.client.GET('/api/quota-defaults', { signal }));
  }

  setQuotaDefaults(body: QuotaChange, options: CallOptions): Promise<QuotaDefaults> {
    return this.call(options, (signal) => this.client.PUT('/api/quota-defaults', { body, signal }));
  }

  /** Opens (or replaces) the class code for `minutes` (the manager's default without). */
  openClassCode(minutes: number | undefined, options: CallOptions): Promise<ClassCode> {
    return this.call(options, (signal) =>
      this.client.POST('/api/class-code', { body: minutes === undefined ? {} : { minutes }, signal }),
    );
  }

  classCode(options: CallOptions): Promise<ClassCodeStatus> {
    return this.call(options, (signal) => this.client.GET('/api/class-code', { signal }));
  }

  async closeClassCode(options: CallOptions): Promise<void> {
    await this.call(options, (signal) => this.client.DELETE('/api/class-code', { signal }));
  }

  health(options: CallOptions): Promise<ManagerHealth> {
    return this.call(options, (signal) => this.client.GET('/health', { signal, headers: { authorization: null } }));
  }

  listNodes(options: CallOptions): Promise<ManagerNode[]> {
    return this.call(options, (signal) => this.client.GET('/api/nodes', { signal }));
  }

  getNode(id: string, options: CallOptions): Promise<ManagerNode> {
    return this.call(options, (signal) => this.client.GET('/api/nodes/{id}', { params: { path: { id } }, signal }));
  }

  registerNode(body: RegisterNodeRequest, options: CallOptions): Promise<ManagerNode> {
    return this.call(options, (signal) => this.client.POST('/api/nodes', { body, signal }));
  }

  async unregisterNode(id: string, options: CallOptions): Promise<void> {
    await this.call(options, (signal) => this.client.DELETE('/api/nodes/{id}', { params: { path: { id } }, signal }));
  }

  createJoinToken(body: CreateJoinTokenRequest, options: CallOptions): Promise<CreatedJoinToken> {
    return this.call(options, (signal) => this.client.POST('/api/join-tokens', { body, signal }));
  }

  listJoinTokens(options: CallOptions): Promise<JoinToken[]> {
    return this.call(options, (signal) => this.client.GET('/api/join-tokens', { signal }));
  }

  async revokeJoinToken(id: string, options: CallOptions): Promise<void> {
    await this.call(options, (signal) => this.client.DELETE('/api/join-tokens/{id}', { params: { path: { id } }, signal }));
  }

  listDiscovered(options: CallOptions): Promise<DiscoveredBoard[]> {
    return this.call(options, (signal) => this.client.GET('/api/discovered', { signal }));
  }

  addDiscovered(computeId: string, options: CallOptions): Promise<ManagerNode> {
    return this.call(options, (signal) => this.client.POST('/api/discovered/{computeId}/add', { params: { path: { computeId } }, signal }));
  }

  usageHistory(id: string, query: UsageHistoryQuery, options: CallOptions): Promise<UsageHistory> {
    return this.call(options, (signal) =>
      this.client.GET('/api/nodes/{id}/usage/history', { params: { path: { id }, query }, signal }),
    );
  }

  led(id: string, options: CallOptions): Promise<LedStatus> {
    return this.call(options, (signal) => this.client.GET('/api/nodes/{id}/led', { params: { path: { id } }, signal }));
  }

  /** Blinks the node's whole LED matrix so a person can find the board; answers at once. */
  identify(id: string, body: IdentifyRequest, options: CallOptions): Promise<LedStatus> {
    return this.call(options, (signal) =>
      this.client.POST('/api/nodes/{id}/led/identify', { params: { path: { id } }, body, signal }),
    );
  }

  listInstances(options: CallOptions): Promise<ClusterInstance[]> {
    return this.call(options, (signal) => this.client.GET('/api/instances', { signal }));
  }

  /**
   * Asks for an instance: the create as the manager accepted it (202, an
   * operation, running). Its outcome, a name already taken on the node
   * included, is the operation's end: see waitForOperation().
   */
  createInstance(body: CreateInstanceRequest, options: CallOptions): Promise<Operation> {
    return this.call(options, (signal) => this.client.POST('/api/instances', { body, signal }));
  }

  getInstance(nodeId: string, name: string, options: CallOptions): Promise<InstanceDetails> {
    return this.call(options, (signal) =>
      this.client.GET('/api/nodes/{nodeId}/instances/{name}', { params: { path: { nodeId, name } }, signal }),
    );
  }

  /** Runs a command in a running instance; options.timeoutMs must cover the command's own timeoutSeconds. */
  exec(nodeId: string, name: string, body: ExecRequest, options: CallOptions): Promise<ExecResult> {
    return this.call(options, (signal) =>
      this.client.POST('/api/nodes/{nodeId}/instances/{name}/exec', { params: { path: { nodeId, name } }, body, signal }),
    );
  }

  listPorts(nodeId: string, name: string, options: CallOptions): Promise<PortForward[]> {
    return this.call(options, (signal) =>
      this.client.GET('/api/nodes/{nodeId}/instances/{name}/ports', { params: { path: { nodeId, name } }, signal }),
    );
  }

  exposePort(nodeId: string, name: string, body: ExposePortRequest, options: CallOptions): Promise<PortForward> {
    return this.call(options, (signal) =>
      this.client.POST('/api/nodes/{nodeId}/instances/{name}/ports', { params: { path: { nodeId, name } }, body, signal }),
    );
  }

  async unexposePort(nodeId: string, name: string, hostPort: number, protocol: PortProtocol, options: CallOptions): Promise<void> {
    await this.call(options, (signal) =>
      this.client.DELETE('/api/nodes/{nodeId}/instances/{name}/ports/{hostPort}', {
        params: { path: { nodeId, name, hostPort }, query: { protocol } },
        signal,
      }),
    );
  }

  /** A single-use ticket (30 s) for a terminal in the instance: open terminalUrl(ticket) as a WebSocket. */
  openTerminal(nodeId: string, name: string, body: OpenTerminalRequest, options: CallOptions): Promise<TerminalTicket> {
    return this.call(options, (signal) =>
      this.client.POST('/api/nodes/{nodeId}/instances/{name}/console', { params: { path: { nodeId, name } }, body, signal }),
    );
  }

  /** The ws:// (or wss://) address of a ticket's path on this manager. */
  terminalUrl(ticket: TerminalTicket): string {
    const url = new URL(ticket.url, this.baseUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return url.toString();
  }

  /** Asks to start, stop or restart an instance: the operation, running (see createInstance). */
  actOnInstance(nodeId: string, name: string, body: InstanceActionRequest, options: CallOptions): Promise<Operation> {
    return this.call(options, (signal) =>
      this.client.POST('/api/nodes/{nodeId}/instances/{name}', { params: { path: { nodeId, name } }, body, signal }),
    );
  }

  /** Asks to rename an instance: the operation, running (see createInstance). */
  renameInstance(nodeId: string, name: string, body: RenameInstanceRequest, options: CallOptions): Promise<Operation> {
    return this.call(options, (signal) =>
      this.client.PUT('/api/nodes/{nodeId}/instances/{name}', { params: { path: { nodeId, name } }, body, signal }),
    );
  }

  /** Asks to delete an instance: the operation, running (see createInstance). */
  deleteInstance(nodeId: string, name: string, query: { force?: boolean }, options: CallOptions): Promise<Operation> {
    return this.call(options, (signal) =>
      this.client.DELETE('/api/nodes/{nodeId}/instances/{name}', { params: { path: { nodeId, name }, query }, signal }),
    );
  }

  /** One operation; with waitSeconds (up to 120), once it ended or the wait ran out. */
  operation(id: string, waitSeconds: number, options: CallOptions): Promise<Operation> {
    return this.call(options, (signal) =>
      this.client.GET('/api/operations/{id}', { params: { path: { id }, query: { wait: waitSeconds } }, signal }),
    );
  }

  listOperations(query: OperationListQuery, options: CallOptions): Promise<Operation[]> {
    return this.call(options, (signal) => this.client.GET('/api/operations', { params: { query }, signal }));
  }

  /**
   * Waits for an operation to end, about `timeoutMs` in all (the manager
   * waits in whole seconds): GET /api/operations/{id}?wait= in turns, each a
   * bounded call of its own. The operation as last read: ended (see its
   * status and error), or still running when the time was up.
   */
  async waitForOperation(id: string, options: CallOptions): Promise<Operation> {
    const deadline = Date.now() + options.timeoutMs;
    for (;;) {
      const waitSeconds = Math.max(0, Math.min(MAX_OPERATION_WAIT_SECONDS, Math.ceil((deadline - Date.now()) / 1000)));
      const operation = await this.operation(id, waitSeconds, { timeoutMs: waitSeconds * 1000 + WAIT_ANSWER_MARGIN_MS });
      if (operation.status !== 'running' || Date.now() >= deadline) return operation;
    }
  }

  listImages(options: CallOptions): Promise<ImageInfo[]> {
    return this.call(options, (signal) => this.client.GET('/api/images', { signal }));
  }

  getImage(name: string, options: CallOptions): Promise<ImageInfo> {
    return this.call(options, (signal) => this.client.GET('/api/images/{name}', { params: { path: { name } }, signal }));
  }

  /**
   * Sends a tarball as a new image (POST /api/images/import), streamed from
   * `body` (never held in memory); `sizeBytes` is its Content-Length, so a
   * tarball over the manager's cap is refused before a byte is sent.
   */
  async importImage(query: ImportImageQuery, body: ReadableStream<Uint8Array>, sizeBytes: number, options: CallOptions): Promise<ImageInfo> {
    const url = new URL(`${this.baseUrl}/api/images/import`);
    for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value));
    const request = new Request(url, {
      method: 'POST',
      headers: { ...this.credentials, 'content-type': 'application/octet-stream', 'content-length': String(sizeBytes) },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs),
      // A streamed body (fetch needs to be told it is sent while the answer may come).
      ...({ duplex: 'half' } as object),
    });
    let response: Response;
    try {
      response = await this.send(request);
    } catch (error) {
      throw new ManagerUnreachableError(this.baseUrl, describeFetchFailure(error, options.timeoutMs), isTimeout(error));
    }
    const text = await response.text();
    let answer: unknown;
    try {
      answer = text ? JSON.parse(text) : undefined;
    } catch {
      answer = text;
    }
    if (!response.ok) throw answeredError(response.status, answer);
    const expected = OPERATION_ANSWERS['POST /api/images/import']!;
    const problems = answerProblems(answer, expected.schema!, ANSWER_COMPONENTS);
    if (problems.length > 0) throw invalidShape('POST /api/images/import', problems);
    return answer as ImageInfo;
  }

  /** Publishes a stopped instance as an image: the operation, running (see createInstance). */
  publishImage(body: PublishImageRequest, options: CallOptions): Promise<Operation> {
    return this.call(options, (signal) => this.client.POST('/api/images', { body, signal }));
  }

  updateImage(name: string, body: UpdateImageRequest, options: CallOptions): Promise<ImageInfo> {
    return this.call(options, (signal) => this.client.PATCH('/api/images/{name}', { params: { path: { name } }, body, signal }));
  }

  async deleteImage(name: string, options: CallOptions): Promise<void> {
    await this.call(options, (signal) => this.client.DELETE('/api/images/{name}', { params: { path: { name } }, signal }));
  }

  /** Sends an image to every node of its architecture that lacks it: the operation, running. */
  warmImage(name: string, options: CallOptions): Promise<Operation> {
    return this.call(options, (signal) => this.client.POST('/api/images/{name}/warm', { params: { path: { name } }, signal }));
  }

  /** Many instances at once: one operation, with a result per instance. */
  createInstances(body: CreateInstancesBatchRequest, options: CallOptions): Promise<Operation> {
    return this.call(options, (signal) => this.client.POST('/api/instances/batch', { body, signal }));
  }

  configureInstance(nodeId: string, name: string, body: PatchInstanceRequest, options: CallOptions): Promise<InstanceDetails> {
    return this.call(options, (signal) =>
      this.client.PATCH('/api/nodes/{nodeId}/instances/{name}', { params: { path: { nodeId, name } }, body, signal }),
    );
  }

  listSnapshots(nodeId: string, name: string, options: CallOptions): Promise<Snapshot[]> {
    return this.call(options, (signal) =>
      this.client.GET('/api/nodes/{nodeId}/instances/{name}/snapshots', { params: { path: { nodeId, name } }, signal }),
    );
  }

  createSnapshot(nodeId: string, name: string, snapshot: string, options: CallOptions): Promise<Snapshot> {
    return this.call(options, (signal) =>
      this.client.POST('/api/nodes/{nodeId}/instances/{name}/snapshots', { params: { path: { nodeId, name } }, body: { name: snapshot }, signal }),
    );
  }

  restoreSnapshot(nodeId: string, name: string, snap: string, body: RestoreSnapshotRequest, options: CallOptions): Promise<InstanceDetails> {
    return this.call(options, (signal) =>
      this.client.POST('/api/nodes/{nodeId}/instances/{name}/snapshots/{snap}/restore', { params: { path: { nodeId, name, snap } }, body, signal }),
    );
  }

  async deleteSnapshot(nodeId: string, name: string, snap: string, options: CallOptions): Promise<void> {
    await this.call(options, (signal) =>
      this.client.DELETE('/api/nodes/{nodeId}/instances/{name}/snapshots/{snap}', { params: { path: { nodeId, name, snap } }, signal }),
    );
  }

  eventLog(query: EventLogQuery, options: CallOptions): Promise<EventLogPage> {
    return this.call(options, (signal) => this.client.GET('/api/events/log', { params: { query }, signal }));
  }

  /**
   * Opens the live event stream. `timeoutMs` bounds the wait for the manager
   * to accept it; then events come as the manager sends them, for as long as
   * it keeps the stream open. A message of an event type this client does not
   * know (a newer manager) is skipped; a known type of another shape fails.
   */
  async openEventStream(options: CallOptions): Promise<ManagerEventStream> {
    const controller = new AbortController();
    const deadline = setTimeout(() => controller.abort(new DOMException('no answer in time', 'TimeoutError')), options.timeoutMs);
    let body: ReadableStream<Uint8Array> | null;
    try {
      body = await this.call(options, () =>
        this.client.GET('/api/events', { parseAs: 'stream', signal: controller.signal, headers: { accept: 'text/event-stream' } }),
      );
    } finally {
      clearTimeout(deadline);
    }
    if (!body) throw new ManagerInvalidAnswerError(`the event stream of ${this.baseUrl} has no body`);
    const baseUrl = this.baseUrl;
    const stream = body as unknown as AsyncIterable<Uint8Array>;
    return {
      close: () => controller.abort(),
      async *[Symbol.asyncIterator]() {
        try {
          for await (const data of serverSentEventData(stream)) {
            const event = parseEvent(data, baseUrl);
            if (event) yield event;
          }
        } catch (error) {
          if (controller.signal.aborted) return;
          if (error instanceof ManagerClientError) throw error;
          throw new ManagerUnreachableError(baseUrl, `the event stream broke: ${describeFetchFailure(error, options.timeoutMs)}`, false);
        }
      },
    };
  }

  /** How a device reaches the manager's MQTT broker (GET /api/mqtt). */
  mqtt(options: CallOptions): Promise<MqttInfo> {
    return this.call(options, (signal) => this.client.GET('/api/mqtt', { signal }));
  }

  mqttClients(options: CallOptions): Promise<MqttClientInfo[]> {
    return this.call(options, (signal) => this.client.GET('/api/mqtt/clients', { signal }));
  }

  listDevices(options: CallOptions): Promise<Device[]> {
    return this.call(options, (signal) => this.client.GET('/api/devices', { signal }));
  }

  /** A device token (MQTT only), answered this once. */
  addDevice(name: string, options: CallOptions): Promise<CreatedDevice> {
    return this.call(options, (signal) => this.client.POST('/api/devices', { body: { name }, signal }));
  }

  async revokeDevice(id: string, options: CallOptions): Promise<void> {
    await this.call(options, (signal) => this.client.DELETE('/api/devices/{id}', { params: { path: { id } }, signal }));
  }

  private async call<T>(options: CallOptions, send: (signal: AbortSignal) => Promise<FetchResult<T>>): Promise<T> {
    let result: FetchResult<T>;
    try {
      result = await send(AbortSignal.timeout(options.timeoutMs));
    } catch (error) {
      if (error instanceof ManagerClientError) throw error;
      if (error instanceof SyntaxError) throw new ManagerInvalidAnswerError(`the manager's answer is not JSON: ${error.message}`);
      throw new ManagerUnreachableError(this.baseUrl, describeFetchFailure(error, options.timeoutMs), isTimeout(error));
    }
    if (!result.response.ok) throw answeredError(result.response.status, result.error);
    return result.data as T;
  }
}

/** Checks each success answer against the document's schema of its operation before anyone reads it. */
const answerCheck: Middleware = {
  async onResponse({ request, response, schemaPath }) {
    if (!response.ok) return undefined;
    const operation = `${request.method} ${schemaPath}`;
    const expected = OPERATION_ANSWERS[operation];
    if (!expected) throw new ManagerInvalidAnswerError(`${operation} is not in the manager's document`);
    if (response.status !== expected.status && !expected.otherStatuses?.includes(response.status)) {
      throw new ManagerInvalidAnswerError(`the manager answered ${operation} with ${response.status}, not ${expected.status}`);
    }
    if (!expected.schema || expected.mediaType !== 'application/json') return undefined;
    let body: unknown;
    try {
      body = JSON.parse(await response.clone().text());
    } catch (error) {
      throw new ManagerInvalidAnswerError(`the manager's answer to ${operation} is not JSON: ${(error as Error).message}`);
    }
    const problems = answerProblems(body, expected.schema, ANSWER_COMPONENTS);
    if (problems.length > 0) throw invalidShape(operation, problems);
    return undefined;
  },
};

function parseEvent(data: string, baseUrl: string): ManagerEvent | null {
  let event: unknown;
  try {
    event = JSON.parse(data);
  } catch {
    throw new ManagerInvalidAnswerError(`an event from ${baseUrl} is not JSON: ${data.slice(0, 200)}`);
  }
  const type = (event as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !(type in EVENT_SCHEMA.discriminator!.mapping)) return null;
  const problems = answerProblems(event, EVENT_SCHEMA, ANSWER_COMPONENTS);
  if (problems.length > 0) throw invalidShape(`a ${type} event`, problems);
  return event as ManagerEvent;
}

function invalidShape(what: string, problems: string[]): ManagerInvalidAnswerError {
  return new ManagerInvalidAnswerError(
    `the manager's answer to ${what} is not what its API document describes (is the manager older or newer than this client?): ` +
      problems.join('; '),
  );
}

function answeredError(status: number, body: unknown): ManagerAnsweredError {
  if (typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string') {
    const { message, details } = body as { message: string; details?: unknown };
    return new ManagerAnsweredError(status, message, Array.isArray(details) ? details.map(String) : []);
  }
  const text = typeof body === 'string' ? body.trim().slice(0, 300) : '';
  return new ManagerAnsweredError(status, text || `the manager answered ${status} with no message`);
}
