import type { components, paths } from './generated/manager-api.js';

type Schemas = components['schemas'];

/** The manager API's shapes, named once here so code reads `ManagerNode`, not the generated path. */
export type ManagerError = Schemas['ErrorDto'];
export type ManagerHealth = Schemas['ManagerHealthDto'];
export type ManagerNode = Schemas['NodeDto'];
export type NodeState = Schemas['NodeState'];
export type NodeUsage = Schemas['UsageDto'];
export type RegisterNodeRequest = Schemas['RegisterNodeDto'];
export type UsageHistory = Schemas['UsageHistoryDto'];
export type UsagePoint = Schemas['UsageHistoryPointDto'];
export type LedStatus = Schemas['LedStatusDto'];
export type LedRowLegend = Schemas['LedRowLegendDto'];
export type MqttInfo = Schemas['MqttInfoDto'];
export type MqttClientInfo = Schemas['MqttClientDto'];
export type Device = Schemas['DeviceDto'];
export type CreatedDevice = Schemas['CreatedDeviceDto'];
export type IdentifyRequest = Schemas['IdentifyLedDto'];
export type ClusterInstance = Schemas['ClusterInstanceDto'];
export type InstanceState = Schemas['InstanceState'];
export type InstanceDetails = Schemas['ClusterInstanceDetailsDto'];
export type CreateInstanceRequest = Schemas['CreateClusterInstanceDto'];
export type Placement = Schemas['PlacementDto'];
/** A change sent to a node: accepted at once (202), followed until the node's outcome is known. */
export type Operation = Schemas['OperationDto'];
export type OperationAction = Schemas['OperationAction'];
export type OperationStatus = Schemas['OperationStatus'];
export type InstanceAction = Schemas['InstanceAction'];
export type InstanceActionRequest = Schemas['InstanceActionDto'];
export type RenameInstanceRequest = Schemas['RenameInstanceDto'];
export type EventLogEntry = Schemas['EventLogEntryDto'];
export type EventLogPage = Schemas['EventLogPageDto'];

/** Query of GET /api/nodes/{id}/usage/history. */
export type UsageHistoryQuery = NonNullable<paths['/api/nodes/{id}/usage/history']['get']['parameters']['query']>;
/** Query of GET /api/operations. */
export type OperationListQuery = NonNullable<paths['/api/operations']['get']['parameters']['query']>;
/** Query of GET /api/events/log. */
export type EventLogQuery = NonNullable<paths['/api/events/log']['get']['parameters']['query']>;

/** One message of the live stream (GET /api/events), discriminated by `type`. */
export type ManagerEvent = paths['/api/events']['get']['responses'][200]['content']['text/event-stream'];
