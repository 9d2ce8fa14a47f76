import { Injectable } from '@angular/core';
import type { components } from '../api/generated/manager-api';
import type { InstanceDetails } from '../api/manager-api.types';
import { HttpInstanceAccessApi } from './http-instance-access-api';

type Schemas = components['schemas'];

export type { InstanceDetails };

/** A port of the board forwarded to a port of the instance, with the URL the classroom reaches it at. */
export type PortForward = Schemas['ClusterPortForwardDto'];
export type PortProtocol = Schemas['PortProtocol'];
export type ExposePortRequest = Schemas['CreatePortForwardDto'];
/** Where to open a terminal's WebSocket (a path on the manager, once, within 30 s), and until when. */
export type TerminalTicket = Schemas['TerminalTicketDto'];
export type Snapshot = Schemas['SnapshotDto'];
/** Limits to set (a number), remove (null) or keep (left out), and the autostart flag. */
export type InstanceSettingsChange = Schemas['PatchInstanceDto'];
export type InstanceLimitsRequest = Schemas['InstanceLimitsRequestDto'];

/**
 * What the console does inside an instance: its forwarded ports, its
 * terminal, its snapshots and its settings (limits, autostart). A port of its own (beside ManagerApi) so that only the instance
 * and terminal pages download it; HttpInstanceAccessApi implements it on the
 * console's one client, tests provide a strict fake. Every method fails with
 * an ApiError; to a member, another user's instance is a 404 like a missing one.
 */
@Injectable({ providedIn: 'root', useClass: HttpInstanceAccessApi })
export abstract class InstanceAccessApi {
  abstract listPorts(nodeId: string, name: string): Promise<PortForward[]>;
  abstract exposePort(nodeId: string, name: string, request: ExposePortRequest): Promise<PortForward>;
  abstract unexposePort(nodeId: string, name: string, hostPort: number, protocol: PortProtocol): Promise<void>;
  abstract openTerminal(nodeId: string, name: string, size: { cols: number; rows: number }): Promise<TerminalTicket>;
  /** Its snapshots, oldest first. */
  abstract listSnapshots(nodeId: string, name: string): Promise<Snapshot[]>;
  abstract takeSnapshot(nodeId: string, name: string, snapshot: string): Promise<Snapshot>;
  /** The instance as restored; a running one is a 409 unless stopFirst (stopped, restored, started again). */
  abstract restoreSnapshot(nodeId: string, name: string, snapshot: string, stopFirst: boolean): Promise<InstanceDetails>;
  abstract deleteSnapshot(nodeId: string, name: string, snapshot: string): Promise<void>;
  /** Its limits and autostart changed (PATCH): the instance with its settings now. */
  abstract configure(nodeId: string, name: string, change: InstanceSettingsChange): Promise<InstanceDetails>;
}
