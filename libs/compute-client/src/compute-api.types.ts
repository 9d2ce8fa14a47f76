import type { components } from './generated/compute-api.js';

type Schemas = components['schemas'];

/** The compute API's shapes, named once here so code reads `ComputeUsage`, not the generated path. */
export type ComputeError = Schemas['ErrorDto'];
export type ComputeHealthAnswer = Schemas['HealthDto'];
export type ComputeUsage = Schemas['UsageDto'];
/** An instance of a node's list without its figures. */
export type ComputeInstance = Omit<Schemas['InstanceWithFiguresDto'], 'cpuPercent' | 'memoryBytes'>;
/** An instance of GET /instances; a node older than the figures leaves them out. */
export type ComputeInstanceWithFigures = ComputeInstance & Partial<Pick<Schemas['InstanceWithFiguresDto'], 'cpuPercent' | 'memoryBytes'>>;
export type ComputeExecRequest = Schemas['ExecRequestDto'];
export type ComputeExecResult = Schemas['ExecResultDto'];
export type ComputePortForward = Schemas['PortForwardDto'];
export type ComputeCreatePortForward = Schemas['CreatePortForwardDto'];
export type ComputeInstanceDetails = Schemas['InstanceDetailsDto'];
export type ComputeInstanceState = Schemas['InstanceState'];
export type ComputeCreateInstance = Schemas['CreateNodeInstanceDto'];
export type ComputePatchInstance = Schemas['PatchInstanceDto'];
export type ComputeInstanceLimits = Schemas['InstanceLimitsDto'];
export type ComputeSnapshot = Schemas['SnapshotDto'];
export type ComputeCreateSnapshot = Schemas['CreateSnapshotDto'];
export type ComputeRestoreSnapshot = Schemas['RestoreSnapshotDto'];
export type ComputeImageCache = Schemas['ImageCacheDto'];
export type ComputeCachedImage = Schemas['CachedImageDto'];
export type ComputeImageCacheEntry = Schemas['ImageCacheEntryDto'];
export type ComputeInstanceAction = Schemas['InstanceActionDto'];
export type ComputeRenameInstance = Schemas['RenameInstanceDto'];
export type ComputeLedStatus = Schemas['LedStatusDto'];
export type ComputeIdentifyLed = Schemas['IdentifyLedDto'];
export type ComputeReadinessCheck = Schemas['ReadinessCheckDto'];

/** The node's own time limits on the LXC tools (its LXC_* settings), from /health. */
export interface ComputeLimits {
  commandTimeoutMs: number;
  createTimeoutMs: number;
  stopTimeoutSeconds: number;
}

/**
 * A node's /health as the manager reads it. nodeId, version and limits are
 * newer than the first compute nodes: null when the node does not say.
 */
export interface ComputeHealth {
  hostname: string | null;
  lxcAvailable: boolean | null;
  /** The node's own id, generated once and kept in its DATA_DIR. */
  nodeId: string | null;
  version: string | null;
  limits: ComputeLimits | null;
  /** Every readiness check passed; null when the node does not report checks (older than readiness). */
  ready: boolean | null;
  checks: ComputeReadinessCheck[] | null;
  /** What images the board runs (Debian's name); null when it does not say (older than images). */
  architecture: ComputeHealthAnswer['architecture'] | null;
  /** The LXC templates it allows, its default first; null when it does not say. */
  templates: string[] | null;
}
