import type { components, paths } from './generated/manager-api';

type Schemas = components['schemas'];

/** The manager API's shapes, named once here so code reads `ManagerNode`, not the generated path. */
export type ManagerNode = Schemas['NodeDto'];
export type NodeState = Schemas['NodeState'];
export type NodeUsage = Schemas['UsageDto'];
export type RegisterNodeRequest = Schemas['RegisterNodeDto'];
export type ReadinessCheck = Schemas['ReadinessCheckDto'];
export type JoinToken = Schemas['JoinTokenDto'];
export type CreatedJoinToken = Schemas['CreatedJoinTokenDto'];
export type CreateJoinTokenRequest = Schemas['CreateJoinTokenDto'];
export type DiscoveredBoard = Schemas['DiscoveredBoardDto'];
export type UsageHistory = Schemas['UsageHistoryDto'];
export type UsagePoint = Schemas['UsageHistoryPointDto'];
export type LedStatus = Schemas['LedStatusDto'];
export type LedRowLegend = Schemas['LedRowLegendDto'];
export type ClusterInstance = Schemas['ClusterInstanceDto'];
export type InstanceState = Schemas['InstanceState'];
export type InstanceDetails = Schemas['ClusterInstanceDetailsDto'];
export type RunningInstanceFigures = Schemas['RunningInstanceFiguresDto'];
export type CreateInstanceRequest = Schemas['CreateClusterInstanceDto'];
export type Placement = Schemas['PlacementDto'];
/** A change sent to a node (202 Accepted), followed until the node's outcome is known. */
export type Operation = Schemas['OperationDto'];
export type OperationAction = Schemas['OperationAction'];
export type OperationStatus = Schemas['OperationStatus'];
export type InstanceAction = Schemas['InstanceAction'];
export type EventLogEntry = Schemas['EventLogEntryDto'];
export type EventLogPage = Schemas['EventLogPageDto'];
export type ApiErrorBody = Schemas['ErrorDto'];

/** One message of the live stream (GET /api/events), discriminated by `type`. */
export type ManagerEvent = paths['/api/events']['get']['responses'][200]['content']['text/event-stream'];

/** The stream's path, checked against the generated document so that a renamed route fails the build. */
export const EVENT_STREAM_PATH = '/api/events' satisfies keyof paths;

/** Swagger UI of the manager (served beside the API, not part of the document itself). */
export const API_DOCS_PATH = '/api/docs';

export type User = Schemas['UserDto'];
export type UserRole = Schemas['UserRole'];
export type Quota = Schemas['QuotaDto'];
export type QuotaChange = Schemas['QuotaChangeDto'];
export type QuotaDefaults = Schemas['QuotaDefaultsDto'];
export type SignedIn = Schemas['SignedInDto'];
export type Me = Schemas['MeDto'];
export type ChangePasswordRequest = Schemas['ChangePasswordDto'];
export type PersonalToken = Schemas['PersonalTokenDto'];
export type CreatedPersonalToken = Schemas['CreatedPersonalTokenDto'];
export type CreatePersonalTokenRequest = Schemas['CreatePersonalTokenDto'];
export type CreatedUser = Schemas['CreatedUserDto'];
export type UpdateUserRequest = Schemas['UpdateUserDto'];
export type DeletedUserInstances = Schemas['DeletedUserInstances'];
export type DeletedUser = Schemas['DeletedUserDto'];
export type ClassCode = Schemas['ClassCodeDto'];
export type ClassCodeStatus = Schemas['ClassCodeStatusDto'];
export type EnrolRequest = Schemas['EnrolDto'];
