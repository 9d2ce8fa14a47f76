import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { ManagerNode, Operation } from '../api/manager-api.types';
import { CreateInstanceDialog } from '../instances/create-instance-dialog';
import { canHostInstances, isOutOfService } from '../instances/instance-host';
import { acceptedText, outcomeText } from '../operations/operation-text';
import { OperationsStore } from '../operations/operations-store';
import { Session } from '../session/session';
import { AddBoardPanel } from './add-board/add-board-panel';
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

/**
 * The paper's node list (figure 4), live: every figure changes as the
 * manager's polls arrive. A node UNREACHABLE or FAULTY is marked alike, in
 * colour and words, with its last error; its figures are its last good ones,
 * marked stale.
 */
@Component({
  selector: 'ts-node-list',
  imports: [RouterLink, AddNodeForm, AddBoardPanel, CreateInstanceDialog],
  templateUrl: './node-list.html',
  styleUrl: './node-list.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NodeList {
  protected readonly store = inject(NodesStore);
  private readonly operations = inject(OperationsStore);
  /** Registering a node is the teacher's (admin's). */
  protected readonly isAdmin = inject(Session).isAdmin;
  /** The node whose "create instance here" dialog is open. */
  protected readonly creatingOn = signal<ManagerNode | null>(null);
  protected readonly announcement = signal<{ text: string; failed: boolean } | null>(null);

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
  protected readonly outOfService = isOutOfService;

  /** "Create instance here"; when the node cannot take one, the button's title says why. */
  protected createOn(node: ManagerNode): void {
    if (canHostInstances(node)) this.creatingOn.set(node);
  }

  protected registered(node: ManagerNode): void {
    this.announcement.set({ text: `Registered node "${node.name}" (${node.state}).`, failed: false });
  }

  /** "Create instance here" was accepted: said at once, and again once the node has done it (or could not). */
  protected async createAccepted(operation: Operation): Promise<void> {
    this.creatingOn.set(null);
    this.announcement.set({ text: acceptedText(operation), failed: false });
    const outcome = await this.operations.follow(operation);
    this.announcement.set({ text: outcomeText(outcome), failed: outcome.status !== 'succeeded' });
  }
}
