import type { components, paths } from './generated/manager-api.js';

type Schemas = components['schemas'];

/** The manager API's shapes, named once here so code reads `ManagerNode`, not the generated path. */
export type ManagerError = Schemas['ErrorDto'];
export type ManagerHealth = Schemas['ManagerHealthDto'];
export type ManagerNode = Schemas['NodeDto'];
export type NodeState = Schemas['NodeState'];
export type NodeUsage = Schemas['UsageDto'];
export type RegisterNodeRequest = Schemas['RegisterNodeDto'];
export type JoinToken = Schemas['JoinTokenDto'];
export type CreatedJoinToken = Schemas['CreatedJoinTokenDto'];
export type CreateJoinTokenRequest = Schemas['CreateJoinTokenDto'];
export type DiscoveredBoard = Schemas['DiscoveredBoardDto'];
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
export type ExecRequest = Schemas['ExecRequestDto'];
export type ExecResult = Schemas['ExecResultDto'];
export type PortForward = Schemas['ClusterPortForwardDto'];
export type ExposePortRequest = Schemas['CreatePortForwardDto'];
export type PortProtocol = Schemas['PortProtocol'];
export type OpenTerminalRequest = Schemas['OpenTerminalDto'];
export type TerminalTicket = Schemas['TerminalTicketDto'];
export type ImageInfo = Schemas['ImageDto'];
export type PublishImageRequest = Schemas['PublishImageDto'];
export type UpdateImageRequest = Schemas['UpdateImageDto'];
export type CreateInstancesBatchRequest = Schemas['CreateInstancesBatchDto'];
export type Snapshot = Schemas['SnapshotDto'];
export type RestoreSnapshotRequest = Schemas['RestoreSnapshotDto'];
export type PatchInstanceRequest = Schemas['PatchInstanceDto'];
export type OperationProgress = Schemas['OperationProgressDto'];
export type OperationItemResult = Schemas['OperationItemResultDto'];
/** Query of POST /api/images/import (the body is the tarball). */
export type ImportImageQuery = NonNullable<paths['/api/images/import']['post']['parameters']['query']>;
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

export type UserRole = Schemas['UserRole'];
export type ManagerUser = Schemas['UserDto'];
export type Quota = Schemas['QuotaDto'];
export type QuotaChange = Schemas['QuotaChangeDto'];
export type QuotaDefaults = Schemas['QuotaDefaultsDto'];
export type Me = Schemas['MeDto'];
export type SignedIn = Schemas['SignedInDto'];
export type SignInRequest = Schemas['SignInDto'];
export type ChangePasswordRequest = Schemas['ChangePasswordDto'];
export type PersonalToken = Schemas['PersonalTokenDto'];
export type CreatedPersonalToken = Schemas['CreatedPersonalTokenDto'];
export type CreatePersonalTokenRequest = Schemas['CreatePersonalTokenDto'];
export type CreateUserRequest = Schemas['CreateUserDto'];
export type CreateUsersRequest = Schemas['CreateUsersBatchDto'];
export type CreatedUser = Schemas['CreatedUserDto'];
export type UpdateUserRequest = Schemas['UpdateUserDto'];
export type OneTimePassword = Schemas['OneTimePasswordDto'];
export type DeletedUserInstances = Schemas['DeletedUserInstances'];
export type DeletedUser = Schemas['DeletedUserDto'];
export type ClassCode = Schemas['ClassCodeDto'];
export type ClassCodeStatus = Schemas['ClassCodeStatusDto'];
