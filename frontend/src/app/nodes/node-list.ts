import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { CreatedInstance, ManagerNode } from '../api/manager-api.types';
import { CreateInstanceDialog } from '../instances/create-instance-dialog';
import { canHostInstances } from '../instances/instance-host';
import { describePlacement } from '../instances/placement-text';
import { Session } from '../session/session';
import { AddNodeForm } from './add-node-form';
import { NodesStore } from './nodes-store';
import {
  formatIops,
  formatLatency,
  formatMegabytes,
  formatPercent,
  formatRate,
  formatTemperature,
  formatTime,
} from './usage-format';

/** The paper's node list (figure 4), live: every figure changes as the manager's polls arrive. */
@Component({
  selector: 'ts-node-list',
  imports: [RouterLink, AddNodeForm, CreateInstanceDialog],
  templateUrl: './node-list.html',
  styleUrl: './node-list.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NodeList {
  protected readonly store = inject(NodesStore);
  /** Registering a node is the teacher's (admin's). */
  protected readonly isAdmin = inject(Session).isAdmin;
  /** The node whose "create instance here" dialog is open. */
  protected readonly creatingOn = signal<ManagerNode | null>(null);
  protected readonly announcement = signal<string | null>(null);

  protected readonly percent = formatPercent;
  protected readonly rate = formatRate;
  protected readonly iops = formatIops;
  protected readonly latency = formatLatency;
  protected readonly temperature = formatTemperature;
  protected readonly megabytes = formatMegabytes;
  protected readonly time = formatTime;

  constructor() {
    void this.store.load();
  }

  protected shortId(id: string): string {
    return id.slice(0, 8);
  }

  protected instanceCounts(node: ManagerNode): string {
    if (node.instanceCount === null) return '—';
    return `${node.runningInstanceCount ?? 0} running / ${node.instanceCount}`;
  }

  protected readonly canHost = canHostInstances;

  /** "Create instance here"; when the node cannot take one, the button's title says why. */
  protected createOn(node: ManagerNode): void {
    if (canHostInstances(node)) this.creatingOn.set(node);
  }

  protected registered(node: ManagerNode): void {
    this.announcement.set(`Registered node "${node.name}" (${node.state}).`);
  }

  protected created(instance: CreatedInstance): void {
    this.creatingOn.set(null);
    this.announcement.set(`Created "${instance.name}" on "${instance.nodeName}" (${instance.state}).${describePlacement(instance)}`);
  }
}
