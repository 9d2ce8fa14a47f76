import type { components } from './generated/compute-api.js';

type Schemas = components['schemas'];

/** The compute API's shapes, named once here so code reads `ComputeUsage`, not the generated path. */
export type ComputeError = Schemas['ErrorDto'];
export type ComputeHealth = Schemas['HealthDto'];
export type ComputeUsage = Schemas['UsageDto'];
export type ComputeInstance = Schemas['InstanceDto'];
export type ComputeInstanceDetails = Schemas['InstanceDetailsDto'];
export type ComputeInstanceState = Schemas['InstanceState'];
export type ComputeCreateInstance = Schemas['CreateInstanceDto'];
export type ComputeInstanceAction = Schemas['InstanceActionDto'];
export type ComputeRenameInstance = Schemas['RenameInstanceDto'];
export type ComputeLedStatus = Schemas['LedStatusDto'];
export type ComputeIdentifyLed = Schemas['IdentifyLedDto'];
