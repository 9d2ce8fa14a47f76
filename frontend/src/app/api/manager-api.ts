import { Injectable } from '@angular/core';
import { HttpManagerApi } from './http-manager-api';
import type {
  ClusterInstance,
  CreatedInstance,
  CreateInstanceRequest,
  EventLogPage,
  InstanceAction,
  InstanceDetails,
  LedStatus,
  ManagerNode,
  RegisterNodeRequest,
  UsageHistory,
} from './manager-api.types';

/**
 * Everything the console asks of the manager. Components depend on this port;
 * HttpManagerApi implements it with the client generated from
 * openapi/manager.json, and tests provide a strict fake. Every method fails
 * with an ApiError carrying the manager's status and message. Bound here
 * rather than in app.config, so that the first download does not hold it.
 */
@Injectable({ providedIn: 'root', useClass: HttpManagerApi })
export abstract class ManagerApi {
  abstract listNodes(): Promise<ManagerNode[]>;
  abstract registerNode(request: RegisterNodeRequest): Promise<ManagerNode>;
  abstract usageHistory(nodeId: string): Promise<UsageHistory>;
  abstract led(nodeId: string): Promise<LedStatus>;
  abstract identify(nodeId: string, seconds: number): Promise<LedStatus>;
  abstract listInstances(): Promise<ClusterInstance[]>;
  abstract createInstance(request: CreateInstanceRequest): Promise<CreatedInstance>;
  abstract actOnInstance(nodeId: string, name: string, action: InstanceAction): Promise<InstanceDetails>;
  abstract renameInstance(nodeId: string, name: string, newName: string): Promise<InstanceDetails>;
  abstract deleteInstance(nodeId: string, name: string, force: boolean): Promise<void>;
  abstract eventLog(query: { limit: number; before?: number }): Promise<EventLogPage>;
}
