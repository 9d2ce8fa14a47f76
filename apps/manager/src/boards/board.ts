import { ServiceUnavailableException, UnprocessableEntityException } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import {
  EXEC_RULES,
  InstanceAction,
  InstanceState,
  NodeState,
  type CreatePortForwardDto,
  type CreateNodeInstanceDto,
  type ExecRequestDto,
  type ExecResultDto,
  type InstanceActionDto,
  type InstanceDetailsDto,
  type InstanceDto,
  type ImageArchitecture,
  type LedStatusDto,
  type PatchInstanceDto,
  type SnapshotDto,
  type PortForwardDto,
  type PortProtocol,
  type UsageDto,
} from '@tinystack/contracts';
import type {
  ComputeHealth,
  ComputeImageCacheEntry,
  ComputeInstanceDetails,
  ComputeInstanceWithFigures,
  ComputeLimits,
  ComputeNodeApi,
  ComputeReadinessCheck,
  ComputeUsage,
} from '@tinystack/compute-client';
import type { Clock } from '../clock/clock.js';
import {
  toExecResultDto,
  toInstanceDetailsDto,
  toInstanceDto,
  toInstanceFigures,
  toLedStatusDto,
  toPortForwardDto,
  toUsageDto,
  type InstanceFigures,
} from '../compute/compute-dto.mapper.js';
import type { NodeRecord } from '../nodes/node-record.js';
import { ActionLane, type LaneStats } from './action-lane.js';
import { callTimeoutMs, type TimedCall } from './action-timeouts.js';
import { afterObservation, type Observation } from './board-health.js';
import { classifyNodeFailure, describeNodeFailure, toCallerError, toHttpException, type CallerError, type NodeFailure } from './node-failure.js';
import type { PlacementCandidate } from './placement.js';

/** What a board needs to know of the manager's settings. */
export interface BoardSettings {
  unreachableAfter: number;
  pollTimeoutMs: number;
  /** For a node that does not report its own limits. */
  requestTimeoutMs: number;
  createTimeoutMs: number;
  actionConcurrency: number;
  /** How long a lost answer is followed up (re-reads while the node is away) before its outcome is unknown. */
  followUpMs: number;
  /** Pause between two re-reads while the node cannot be reached. */
  followUpRetryMs: number;
  /** /health is read at first contact, after trouble, and every this many polls (version and limits may change). */
  healthEveryPolls: number;
}

/** What a board tells the rest of the manager; a thin publisher turns it into live events and log entries. */
export interface BoardListener {
  /** The state or the last error changed. */
  stateChanged(board: Board, previousState: NodeState): void;
  /** A good poll brought fresh usage. */
  polled(board: Board): void;
  /** The cached instance list changed (a poll saw it, or an action's answer was applied). */
  instancesChanged(board: Board): void;
}

export interface BoardContext {
  settings: BoardSettings;
  clock: Clock;
  listener: BoardListener;
  /** Waits; the follow-up of a lost answer pauses between re-reads with it. */
  pause(ms: number): Promise<void>;
  /**
   * Records that this board is the compute node `computeId`; answers why not
   * when another board is that node already (the same board under two URLs).
   */
  claimIdentity(board: Board, computeId: string): string | null;
}

/** The end of a change on a node, as the operation reports it. */
export type ActionOutcome =
  | { succeeded: true; instance: InstanceDetailsDto | null; note: string | null }
  | { succeeded: false; error: CallerError; note: string | null };

/** A create's share of a board, counted by placement from the moment it is placed until the node answered. */
export interface Reservation {
  release(): void;
}

/** The instance as a re-read found it: null when it does not exist. */
type Seen = InstanceDetailsDto | null;

/** Reads an instance until the node says, or gives up (GaveUp) once the follow-up bound has passed. */
type Reread = (name: string) => Promise<Seen>;

/** What a re-read says about a change whose answer was lost. */
interface Verdict {
  succeeded: boolean;
  instance: InstanceDetailsDto | null;
  /** After "re-read: ". */
  words: string;
}

interface Change<T> {
  keys: readonly string[];
  call: TimedCall;
  send: (timeoutMs: number) => Promise<T>;
  /** Applies the node's answer to the cache; the instance after the change (null for a delete). */
  apply: (answer: T) => InstanceDetailsDto | null;
  /** Asks the node what happened when its answer was lost. */
  judge: (reread: Reread) => Promise<Verdict>;
}

class GaveUp extends Error {}

/**
 * One registered compute node and everything the manager knows and does
 * with it: its client (two lanes), its health state machine, the poll in
 * flight, its usage (kept, marked stale, when the node fails), its
 * instances, its reservations and its action lane. Every rule about a node
 * lives here; it tells the rest of the manager through its listener.
 */
export class Board {
  state = NodeState.PENDING;
  consecutiveFailures = 0;
  lastError: string | null = null;
  pollLatencyMs: number | null = null;
  usage: UsageDto | null = null;
  /** null: not known (never listed, or the node cannot list: see instancesError). */
  instances: InstanceDto[] | null = null;
  instancesError: string | null = null;
  version: string | null = null;
  limits: ComputeLimits | null = null;
  /** From the node's /health (read now and then, not at every poll); null when it does not report them. */
  ready: boolean | null = null;
  checks: ComputeReadinessCheck[] | null = null;
  /** From /health: what images it runs (Debian's name); null when it does not say (older than images): it takes none. */
  architecture: ImageArchitecture | null = null;
  /** From /health: the LXC templates it allows, its default first; null when it does not say. */
  templates: string[] | null = null;
  reservedInstances = 0;

  /** Each instance's figures from the last list, by name: live numbers, so not part of the list whose changes are published. */
  private figures = new Map<string, InstanceFigures>();
  private readonly lane: ActionLane;
  private polling = false;
  private needsHealth = true;
  private pollsSinceHealth = 0;
  /** Bumped by every change of the cached list from an action: a poll listed before it is out of date. */
  private instancesVersion = 0;
  private retired = false;

  constructor(
    readonly record: NodeRecord,
    readonly client: ComputeNodeApi,
    private readonly context: BoardContext,
    /** When a poll last succeeded; from the history at start-up. */
    public lastSeenAt: Date | null,
    /** When the last usage point of this node was stored. */
    public lastHistoryAt: Date | null,
  ) {
    this.lane = new ActionLane(context.settings.actionConcurrency, () => context.clock.now().getTime());
  }

  get id(): string {
    return this.record.id;
  }

  get name(): string {
    return this.record.name;
  }

  get url(): string {
    return this.record.url;
  }

  get computeId(): string | null {
    return this.record.computeId;
  }

  /** The usage is the last good one, not the node's now: it is UNREACHABLE or FAULTY. */
  get usageStale(): boolean {
    return this.usage !== null && (this.state === NodeState.UNREACHABLE || this.state === NodeState.FAULTY);
  }

  actions(): LaneStats {
    return this.lane.stats();
  }

  /** The instance's CPU and memory as last polled; null each when not known. */
  figuresOf(name: string): InstanceFigures {
    return this.figures.get(name) ?? { cpuPercent: null, memoryBytes: null };
  }

  /** The figures of the instances that have some, as last polled. */
  runningInstanceFigures(): Array<{ name: string } & InstanceFigures> {
    return [...this.figures]
      .filter(([, figures]) => figures.cpuPercent !== null || figures.memoryBytes !== null)
      .map(([name, figures]) => ({ name, ...figures }));
  }

  runningInstanceCount(): number | null {
    return this.instances ? this.instances.filter((instance) => instance.state === InstanceState.RUNNING).length : null;
  }

  /** Stops everything: a poll or a change that finishes later changes nothing the manager shows. */
  retire(): void {
    this.retired = true;
    this.client.close();
  }

  get isRetired(): boolean {
    return this.retired;
  }

  // ---- polls -------------------------------------------------------------------------------------------------

  /** One poll: usage and instances (and /health when due) over the poll lane; never two at once. */
  async poll(): Promise<void> {
    if (this.polling || this.retired) return;
    this.polling = true;
    const call = { timeoutMs: this.context.settings.pollTimeoutMs };
    const withHealth = this.needsHealth || this.pollsSinceHealth + 1 >= this.context.settings.healthEveryPolls;
    const listedAt = this.instancesVersion;
    const started = performance.now();
    try {
      const [usage, instances, health] = await Promise.allSettled([
        this.client.usage(call),
        this.client.listInstances(call),
        withHealth ? this.client.health(call) : Promise.resolve(null),
      ]);
      if (this.retired) return;
      const observation = this.observe(usage, instances, health);
      if (observation.kind !== 'good') {
        this.needsHealth = true;
        this.transition(observation);
        return;
      }
      const healthAnswer = health.status === 'fulfilled' ? health.value : null;
      const identity = healthAnswer ? this.checkIdentity(healthAnswer) : null;
      if (identity) {
        this.transition({ kind: 'faulty', reason: identity });
        return;
      }
      this.needsHealth = false;
      this.pollsSinceHealth = healthAnswer ? 0 : this.pollsSinceHealth + 1;
      const contact: Contact = {
        usage: (usage as PromiseFulfilledResult<ComputeUsage>).value,
        instances: instances.status === 'fulfilled' ? instances.value : null,
        // A good poll without a list: the node said why it cannot run containers.
        instancesError: instances.status === 'rejected' ? describeNodeFailure(instances.reason) : null,
        health: healthAnswer,
      };
      this.applyContact(contact, performance.now() - started, listedAt);
    } finally {
      this.polling = false;
    }
  }

  /** A node just registered: the checks made then count as its first poll. */
  applyRegistration(contact: Contact, latencyMs: number): void {
    this.needsHealth = false;
    this.applyContact(contact, latencyMs, this.instancesVersion);
  }

  private observe(
    usage: PromiseSettledResult<ComputeUsage>,
    instances: PromiseSettledResult<ComputeInstanceWithFigures[]>,
    health: PromiseSettledResult<ComputeHealth | null>,
  ): Observation {
    const rejected = [usage, instances, health].filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    const failures = rejected.map((result) => classifyNodeFailure(result.reason));
    const bug = rejected.find((_result, index) => failures[index] === null);
    // Not a node failure but a bug of the manager: it must not pass for the node's fault.
    if (bug) throw bug.reason;
    const invalid = failures.find((failure) => failure!.kind === 'invalid');
    if (invalid) return { kind: 'faulty', reason: invalid.description };
    if (usage.status === 'rejected') return { kind: 'failed', reason: classifyNodeFailure(usage.reason)!.description };
    if (health.status === 'rejected') return { kind: 'failed', reason: `reading /health: ${classifyNodeFailure(health.reason)!.description}` };
    if (instances.status === 'rejected') {
      const failure = classifyNodeFailure(instances.reason)!;
      // A node without LXC answers 503 saying what to install: it works, it just cannot run containers.
      if (failure.kind !== 'cannot-run') return { kind: 'failed', reason: `listing instances: ${failure.description}` };
    }
    return { kind: 'good' };
  }

  /** Why this node cannot be taken for the node it claims to be; null when it can. */
  private checkIdentity(health: ComputeHealth): string | null {
    if (health.nodeId === null) return null;
    if (this.record.computeId === null) return this.context.claimIdentity(this, health.nodeId);
    if (this.record.computeId === health.nodeId) return null;
    return (
      `GET /health: another compute node answers at this URL (its id is ${health.nodeId}; ` +
      `the node registered here is ${this.record.computeId}): unregister this node and register the one that answers`
    );
  }

  private applyContact(contact: Contact, latencyMs: number, listedAt: number): void {
    if (contact.health) {
      this.version = contact.health.version;
      this.limits = contact.health.limits;
      this.ready = contact.health.ready;
      this.checks = contact.health.checks;
      this.architecture = contact.health.architecture ?? null;
      this.templates = contact.health.templates;
    }
    this.lastSeenAt = this.context.clock.now();
    this.pollLatencyMs = Math.round(latencyMs * 10) / 10;
    this.usage = toUsageDto(contact.usage);
    this.instancesError = contact.instancesError;
    this.figures = new Map(contact.instances?.map((instance) => [instance.name, toInstanceFigures(instance)]) ?? []);
    // A change applied while this list was on its way is newer than the list: the next poll brings it.
    if (listedAt === this.instancesVersion) this.replaceInstances(contact.instances?.map(toInstanceDto) ?? null);
    this.transition({ kind: 'good' });
    this.context.listener.polled(this);
  }

  private replaceInstances(list: InstanceDto[] | null): void {
    const changed = JSON.stringify(list) !== JSON.stringify(this.instances);
    this.instances = list;
    if (changed && list) this.context.listener.instancesChanged(this);
  }

  /** Applies an observation to the health state machine and says when state or error changed. */
  private transition(observation: Observation): void {
    const previousState = this.state;
    const previousError = this.lastError;
    const next = afterObservation(this, observation, this.context.settings.unreachableAfter);
    this.state = next.state;
    this.consecutiveFailures = next.consecutiveFailures;
    this.lastError = next.lastError;
    if (observation.kind === 'faulty') this.needsHealth = true;
    if (this.state !== previousState || this.lastError !== previousError) this.context.listener.stateChanged(this, previousState);
  }

  // ---- placement --------------------------------------------------------------------------------------------

  /** The board's figures for placement; null when it cannot take an instance (placeableProblem says why). */
  placementCandidate(): PlacementCandidate | null {
    if (this.placeableProblem() !== null) return null;
    return {
      nodeId: this.id,
      nodeName: this.name,
      cpuPercent: this.usage!.cpuPercent,
      memoryPercent: this.usage!.memoryPercent,
      runningInstances: this.runningInstanceCount() ?? 0,
      totalInstances: this.instances!.length,
      reservedInstances: this.reservedInstances,
    };
  }

  placeableProblem(): string | null {
    if (this.state !== NodeState.ACTIVE) return `"${this.name}" is ${this.state}`;
    if (this.instancesError !== null) return `"${this.name}" cannot run instances: ${this.instancesError}`;
    if (!this.usage || !this.instances) return `"${this.name}" cannot run instances: its instance list is not known yet`;
    return null;
  }

  /** Counts a create that is coming to this board, at once, so that the next placement sees it. */
  reserve(): Reservation {
    this.reservedInstances += 1;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.reservedInstances -= 1;
      },
    };
  }

  // ---- changes ----------------------------------------------------------------------------------------------

  /**
   * 503 (naming the node and its last error) when the node is UNREACHABLE or
   * FAULTY right now, so that the caller is not kept waiting for a timeout or
   * an answer the manager can foresee.
   */
  assertOperable(): void {
    if (this.state === NodeState.UNREACHABLE || this.state === NodeState.FAULTY) {
      throw new ServiceUnavailableException(
        `Node "${this.name}" is ${this.state} (last error: ${this.lastError ?? 'unknown'}); ` +
          'the manager will use it again once a poll succeeds',
      );
    }
  }

  create(body: CreateNodeInstanceDto, reservation: Reservation = this.reserve()): Promise<ActionOutcome> {
    return this.change<ComputeInstanceDetails>({
      keys: [body.name],
      call: { kind: 'create', start: body.start ?? false },
      send: (timeoutMs) => this.client.createInstance(body, { timeoutMs }),
      apply: (answer) => this.upsert(toInstanceDetailsDto(answer)),
      judge: async (reread) => {
        const seen = await reread(body.name);
        return seen
          ? { succeeded: true, instance: seen, words: `the instance exists and is ${seen.state}` }
          : { succeeded: false, instance: null, words: 'the instance does not exist' };
      },
    }).finally(() => reservation.release());
  }

  act(name: string, request: InstanceActionDto): Promise<ActionOutcome> {
    const force = request.force ?? false;
    const call: TimedCall =
      request.action === InstanceAction.START
        ? { kind: 'start' }
        : { kind: request.action === InstanceAction.STOP ? 'stop' : 'restart', force, timeoutSeconds: request.timeoutSeconds };
    const wanted = request.action === InstanceAction.STOP ? InstanceState.STOPPED : InstanceState.RUNNING;
    return this.change<ComputeInstanceDetails>({
      keys: [name],
      call,
      send: (timeoutMs) => this.client.actOnInstance(name, request, { timeoutMs }),
      apply: (answer) => this.upsert(toInstanceDetailsDto(answer)),
      judge: async (reread) => {
        const seen = await reread(name);
        if (!seen) return { succeeded: false, instance: null, words: 'the instance does not exist' };
        return { succeeded: seen.state === wanted, instance: seen.state === wanted ? seen : null, words: `the instance is ${seen.state}` };
      },
    });
  }

  rename(name: string, newName: string): Promise<ActionOutcome> {
    return this.change<ComputeInstanceDetails>({
      keys: [name, newName],
      call: { kind: 'rename' },
      send: (timeoutMs) => this.client.renameInstance(name, { name: newName }, { timeoutMs }),
      apply: (answer) => {
        this.forget(name);
        return this.upsert(toInstanceDetailsDto(answer));
      },
      judge: async (reread) => {
        const renamed = await reread(newName);
        if (renamed) {
          this.forget(name);
          return { succeeded: true, instance: renamed, words: `"${newName}" exists and is ${renamed.state}` };
        }
        const old = await reread(name);
        return { succeeded: false, instance: null, words: old ? `"${name}" still exists (${old.state})` : `neither "${name}" nor "${newName}" exists` };
      },
    });
  }

  remove(name: string, force: boolean): Promise<ActionOutcome> {
    return this.change<void>({
      keys: [name],
      call: { kind: 'delete' },
      send: (timeoutMs) => this.client.deleteInstance(name, { force }, { timeoutMs }),
      apply: () => {
        this.forget(name);
        return null;
      },
      judge: async (reread) => {
        const seen = await reread(name);
        return seen
          ? { succeeded: false, instance: null, words: `the instance still exists (${seen.state})` }
          : { succeeded: true, instance: null, words: 'the instance no longer exists' };
      },
    });
  }

  /**
   * Runs a change in the action lane. Its outcome is what the node did: its
   * answer when it came; when the call was cut off or timed out after the
   * request may have reached the node, or the answer broke the contract, a
   * re-read of the instance once the node is done with it.
   */
  private change<T>(change: Change<T>): Promise<ActionOutcome> {
    return this.lane.run(change.keys, async () => {
      const timeoutMs = callTimeoutMs(change.call, this.limits, this.context.settings);
      try {
        const answer = await change.send(timeoutMs);
        return { succeeded: true, instance: change.apply(answer), note: null };
      } catch (error) {
        const failure = classifyNodeFailure(error);
        if (!failure) throw error;
        const callerError = toCallerError(failure, this);
        if (failure.kind === 'invalid') this.transition({ kind: 'faulty', reason: failure.description });
        const mayHaveActed = failure.kind === 'invalid' || (failure.kind === 'unreachable' && failure.delivered);
        if (!mayHaveActed) return { succeeded: false, error: callerError, note: null };
        return this.followUp(change, failure, callerError, timeoutMs);
      }
    });
  }

  private async followUp<T>(change: Change<T>, failure: NodeFailure, callerError: CallerError, timeoutMs: number): Promise<ActionOutcome> {
    const lost =
      failure.kind === 'invalid'
        ? `the node's answer broke the compute contract (${failure.description})`
        : `the node's answer was lost (${failure.description})`;
    const giveUpAt = this.context.clock.now().getTime() + this.context.settings.followUpMs;
    const reread: Reread = async (name) => {
      for (;;) {
        // An unregistered node is no longer followed: its outcome stays unknown.
        if (this.retired) throw new GaveUp();
        try {
          const seen = toInstanceDetailsDto(await this.client.getSettledInstance(name, { timeoutMs }));
          return this.upsert(seen);
        } catch (error) {
          const trouble = classifyNodeFailure(error);
          if (!trouble) throw error;
          if (trouble.kind === 'answered' && trouble.status === 404) {
            this.forget(name);
            return null;
          }
          if (trouble.kind === 'invalid') this.transition({ kind: 'faulty', reason: trouble.description });
        }
        if (this.context.clock.now().getTime() >= giveUpAt) throw new GaveUp();
        await this.context.pause(this.context.settings.followUpRetryMs);
      }
    };
    try {
      const verdict = await change.judge(reread);
      const note = `${lost}; re-read: ${verdict.words}`;
      return verdict.succeeded ? { succeeded: true, instance: verdict.instance, note } : { succeeded: false, error: callerError, note };
    } catch (error) {
      if (!(error instanceof GaveUp)) throw error;
      const minutes = Math.round(this.context.settings.followUpMs / 60_000);
      const within = minutes >= 1 ? `${minutes} minute${minutes === 1 ? '' : 's'}` : `${this.context.settings.followUpMs} ms`;
      return { succeeded: false, error: callerError, note: `${lost}; the instance could not be re-read within ${within}: the outcome is unknown` };
    }
  }

  /** Puts the node's view of one instance in the cache; returns it. */
  private upsert(details: InstanceDetailsDto): InstanceDetailsDto {
    if (this.instances && !this.retired) {
      const entry = {
        id: details.id,
        name: details.name,
        state: details.state,
        ipv4: [...details.ipv4],
        limits: { ...details.limits },
        autostart: details.autostart,
      };
      const others = this.instances.filter((instance) => instance.name !== details.name);
      this.bumpInstances([...others, entry].sort((a, b) => a.name.localeCompare(b.name)));
    }
    return details;
  }

  private forget(name: string): void {
    if (this.instances?.some((instance) => instance.name === name) && !this.retired) {
      this.bumpInstances(this.instances.filter((instance) => instance.name !== name));
    }
  }

  private bumpInstances(list: InstanceDto[]): void {
    this.instancesVersion += 1;
    this.replaceInstances(list);
  }

  // ---- reads for people ------------------------------------------------------------------------------------

  /** One instance with its live figures, read from the node (poll lane); a failure is the caller's HTTP error. */
  async readInstance(name: string): Promise<InstanceDetailsDto> {
    this.assertOperable();
    const details = await this.read(() => this.client.getInstance(name, { timeoutMs: this.readTimeoutMs() }));
    return toInstanceDetailsDto(details);
  }

  /** Runs a command in the instance; waited for as long as its own timeout plus a tool limit and the margin (the node's kill and answer). */
  async exec(name: string, request: ExecRequestDto): Promise<ExecResultDto> {
    this.assertOperable();
    const timeoutMs = (request.timeoutSeconds ?? EXEC_RULES.timeoutSeconds.default) * 1000 + this.readTimeoutMs();
    return toExecResultDto(await this.read(() => this.client.exec(name, request, { timeoutMs })));
  }

  async ports(name: string): Promise<PortForwardDto[]> {
    this.assertOperable();
    const forwards = await this.read(() => this.client.listPorts(name, { timeoutMs: this.readTimeoutMs() }));
    return forwards.map(toPortForwardDto);
  }

  async expose(name: string, request: CreatePortForwardDto): Promise<PortForwardDto> {
    this.assertOperable();
    return toPortForwardDto(await this.read(() => this.client.createPort(name, request, { timeoutMs: this.readTimeoutMs() })));
  }

  async unexpose(name: string, hostPort: number, protocol: PortProtocol): Promise<void> {
    this.assertOperable();
    await this.read(() => this.client.deletePort(name, hostPort, { protocol }, { timeoutMs: this.readTimeoutMs() }));
  }

  async led(): Promise<LedStatusDto> {
    this.assertOperable();
    return toLedStatusDto(await this.read(() => this.client.led({ timeoutMs: this.context.settings.pollTimeoutMs })));
  }

  async identify(seconds: number | undefined): Promise<LedStatusDto> {
    this.assertOperable();
    return toLedStatusDto(await this.read(() => this.client.identifyLed({ seconds }, { timeoutMs: this.readTimeoutMs() })));
  }

  // ---- images, snapshots, limits ------------------------------------------------------------------------------

  /** The architecture, or a 422 saying this node cannot `what` (an older compute node, without images). */
  requireArchitecture(what: string): ImageArchitecture {
    if (this.architecture) return this.architecture;
    throw new UnprocessableEntityException(
      `Node "${this.name}" does not say its architecture (a compute node older than images): cannot ${what}; upgrade it`,
    );
  }

  /** The node's entry for an image; its errors as they come (a 404 is "not there"): ImageDistribution reads them. */
  cachedImage(sha256: string): Promise<ComputeImageCacheEntry> {
    return this.client.cachedImage(sha256, { timeoutMs: this.readTimeoutMs() });
  }

  async snapshots(name: string): Promise<SnapshotDto[]> {
    this.assertOperable();
    return this.read(() => this.client.listSnapshots(name, { timeoutMs: this.readTimeoutMs() }));
  }

  /** A snapshot copies the root filesystem: as long as a create may take. */
  async createSnapshot(name: string, snapshot: string): Promise<SnapshotDto> {
    this.assertOperable();
    const timeoutMs = callTimeoutMs({ kind: 'create', start: false }, this.limits, this.context.settings);
    return this.lane.run([name], () => this.read(() => this.client.createSnapshot(name, { name: snapshot }, { timeoutMs })));
  }

  async deleteSnapshot(name: string, snapshot: string): Promise<void> {
    this.assertOperable();
    const timeoutMs = callTimeoutMs({ kind: 'delete' }, this.limits, this.context.settings);
    await this.lane.run([name], () => this.read(() => this.client.deleteSnapshot(name, snapshot, { timeoutMs })));
  }

  /** Restores a snapshot (stopping and starting again with stopFirst): the instance after it; a failure is the caller's error. */
  async restoreSnapshot(name: string, snapshot: string, stopFirst: boolean): Promise<InstanceDetailsDto> {
    this.assertOperable();
    return this.settledChange(
      this.change<ComputeInstanceDetails>({
        keys: [name],
        // A stop, the copy back (as long as a create), a start.
        call: { kind: 'create', start: stopFirst },
        send: (timeoutMs) => this.client.restoreSnapshot(name, snapshot, { stopFirst }, { timeoutMs: timeoutMs + (stopFirst ? this.stopTimeoutMs() : 0) }),
        apply: (answer) => this.upsert(toInstanceDetailsDto(answer)),
        judge: async (reread) => {
          const seen = await reread(name);
          return { succeeded: false, instance: seen, words: seen ? `the instance is ${seen.state}; whether it was restored cannot be told` : 'the instance does not exist' };
        },
      }),
    );
  }

  /** Changes limits or autostart (live where the kernel allows): the instance after it. */
  async configure(name: string, body: PatchInstanceDto): Promise<InstanceDetailsDto> {
    this.assertOperable();
    return this.settledChange(
      this.change<ComputeInstanceDetails>({
        keys: [name],
        call: { kind: 'rename' },
        send: (timeoutMs) => this.client.patchInstance(name, body, { timeoutMs }),
        apply: (answer) => this.upsert(toInstanceDetailsDto(answer)),
        judge: async (reread) => {
          const seen = await reread(name);
          return { succeeded: false, instance: seen, words: seen ? `the instance is ${seen.state}; whether its settings changed cannot be told` : 'the instance does not exist' };
        },
      }),
    );
  }

  private stopTimeoutMs(): number {
    return callTimeoutMs({ kind: 'stop', force: false, timeoutSeconds: undefined }, this.limits, this.context.settings);
  }

  private async settledChange(change: Promise<ActionOutcome>): Promise<InstanceDetailsDto> {
    const outcome = await change;
    if (!outcome.succeeded) {
      const { statusCode, message, details } = outcome.error;
      const note = outcome.note ? ` (${outcome.note})` : '';
      throw toHttpException({ statusCode, message: `${message}${note}`, ...(details ? { details } : {}) });
    }
    return outcome.instance!;
  }

  private readTimeoutMs(): number {
    return callTimeoutMs({ kind: 'read' }, this.limits, this.context.settings);
  }

  private async read<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      const failure = classifyNodeFailure(error);
      if (!failure) throw error;
      if (failure.kind === 'invalid') this.transition({ kind: 'faulty', reason: failure.description });
      throw toHttpException(toCallerError(failure, this));
    }
  }
}

/** What one contact with a node brought: a poll, or the checks of its registration. */
export interface Contact {
  usage: ComputeUsage;
  /** null when the node answers but cannot list instances (instancesError says why). */
  instances: ComputeInstanceWithFigures[] | null;
  instancesError: string | null;
  /** null when /health was not read this time. */
  health: ComputeHealth | null;
}
