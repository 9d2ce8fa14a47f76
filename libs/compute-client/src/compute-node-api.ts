import type {
  ComputeCreateInstance,
  ComputeCreatePortForward,
  ComputeExecRequest,
  ComputeExecResult,
  ComputeHealth,
  ComputeIdentifyLed,
  ComputeImageCache,
  ComputeImageCacheEntry,
  ComputePatchInstance,
  ComputeRestoreSnapshot,
  ComputeSnapshot,
  ComputeCreateSnapshot,
  ComputeInstanceAction,
  ComputeInstanceDetails,
  ComputeInstanceWithFigures,
  ComputeLedStatus,
  ComputePortForward,
  ComputeRenameInstance,
  ComputeUsage,
} from './compute-api.types.js';

/** Every call is bounded: it fails with ComputeNodeUnreachableError once timeoutMs has passed. */
export interface CallOptions {
  timeoutMs: number;
}

/**
 * The compute API of one node, as the manager uses it. Reads (usage, lists,
 * health, LED) go over the poll lane, changes over the action lane: each lane
 * has its own connections, so polls never wait behind slow actions. Every
 * answer is checked against the compute contract before it is returned.
 */
export interface ComputeNodeApi {
  health(options: CallOptions): Promise<ComputeHealth>;
  usage(options: CallOptions): Promise<ComputeUsage>;
  /** Each with its figures (null when the node is older than them and does not report them). */
  listInstances(options: CallOptions): Promise<ComputeInstanceWithFigures[]>;
  getInstance(id: string, options: CallOptions): Promise<ComputeInstanceDetails>;
  /** Waits on the node until the change in progress on the instance (if any) is done: the truth after a lost answer. */
  getSettledInstance(id: string, options: CallOptions): Promise<ComputeInstanceDetails>;
  createInstance(body: ComputeCreateInstance, options: CallOptions): Promise<ComputeInstanceDetails>;
  actOnInstance(id: string, body: ComputeInstanceAction, options: CallOptions): Promise<ComputeInstanceDetails>;
  renameInstance(id: string, body: ComputeRenameInstance, options: CallOptions): Promise<ComputeInstanceDetails>;
  deleteInstance(id: string, query: { force?: boolean }, options: CallOptions): Promise<void>;
  /** Runs a command in a running instance; the caller's timeout covers the command's own. */
  exec(id: string, body: ComputeExecRequest, options: CallOptions): Promise<ComputeExecResult>;
  listPorts(id: string, options: CallOptions): Promise<ComputePortForward[]>;
  createPort(id: string, body: ComputeCreatePortForward, options: CallOptions): Promise<ComputePortForward>;
  deletePort(id: string, hostPort: number, query: { protocol?: 'tcp' | 'udp' }, options: CallOptions): Promise<void>;
  led(options: CallOptions): Promise<ComputeLedStatus>;
  /** Blinks the whole matrix so a person can find the board; answers at once. */
  identifyLed(body: ComputeIdentifyLed, options: CallOptions): Promise<ComputeLedStatus>;
  /** Limits and autostart of an instance, stopped or running. */
  patchInstance(id: string, body: ComputePatchInstance, options: CallOptions): Promise<ComputeInstanceDetails>;
  listSnapshots(id: string, options: CallOptions): Promise<ComputeSnapshot[]>;
  createSnapshot(id: string, body: ComputeCreateSnapshot, options: CallOptions): Promise<ComputeSnapshot>;
  restoreSnapshot(id: string, snap: string, body: ComputeRestoreSnapshot, options: CallOptions): Promise<ComputeInstanceDetails>;
  deleteSnapshot(id: string, snap: string, options: CallOptions): Promise<void>;
  /** The node's image cache: its budget, its use and its complete images. */
  imageCache(options: CallOptions): Promise<ComputeImageCache>;
  /** One image of the cache, complete or partial; a 404 (ComputeNodeAnsweredError) when the node has none of it. */
  cachedImage(sha256: string, options: CallOptions): Promise<ComputeImageCacheEntry>;
  /** Closes the idle connections of both lanes. */
  close(): void;
}
