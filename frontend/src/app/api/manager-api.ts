import { Injectable } from '@angular/core';
import { HttpManagerApi } from './http-manager-api';
import type {
  ClusterInstance,
  CreatedJoinToken,
  CreateInstanceRequest,
  CreateJoinTokenRequest,
  DiscoveredBoard,
  JoinToken,
  EventLogPage,
  InstanceAction,
  LedStatus,
  ManagerNode,
  Operation,
  OperationStatus,
  RegisterNodeRequest,
  UsageHistory,
} from './manager-api.types';

/**
 * Everything the console asks of the manager. Components depend on this port;
 * HttpManagerApi implements it with the client generated from
 * openapi/manager.json, and tests provide a strict fake. Every method fails
 * with an ApiError carrying the manager's status and message. Bound here
 * rather than in app.config, so that the first download does not hold it.
 *
 * Changes to instances are operations: the manager accepts them at once (202)
 * and the node's outcome arrives later, as an `operation` event of the live
 * stream (or from `operation(id)`); a refusal the manager can give at once
 * (bad request, unknown or unreachable node) is an ApiError as for any call.
 */
@Injectable({ providedIn: 'root', useClass: HttpManagerApi })
export abstract class ManagerApi {
  abstract listNodes(): Promise<ManagerNode[]>;
  abstract registerNode(request: RegisterNodeRequest): Promise<ManagerNode>;
  abstract createJoinToken(request: CreateJoinTokenRequest): Promise<CreatedJoinToken>;
  abstract listJoinTokens(): Promise<JoinToken[]>;
  abstract revokeJoinToken(id: string): Promise<void>;
  abstract listDiscovered(): Promise<DiscoveredBoard[]>;
  abstract addDiscovered(computeId: string): Promise<ManagerNode>;
  abstract usageHistory(nodeId: string): Promise<UsageHistory>;
  abstract led(nodeId: string): Promise<LedStatus>;
  abstract identify(nodeId: string, seconds: number): Promise<LedStatus>;
  abstract listInstances(): Promise<ClusterInstance[]>;
  abstract createInstance(request: CreateInstanceRequest): Promise<Operation>;
  abstract actOnInstance(nodeId: string, name: string, action: InstanceAction): Promise<Operation>;
  abstract renameInstance(nodeId: string, name: string, newName: string): Promise<Operation>;
  abstract deleteInstance(nodeId: string, name: string, force: boolean): Promise<Operation>;
  abstract listOperations(query: { status?: OperationStatus }): Promise<Operation[]>;
  abstract operation(id: string): Promise<Operation>;
  abstract eventLog(query: { limit: number; before?: number }): Promise<EventLogPage>;
}
