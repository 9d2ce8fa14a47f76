import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { describeFailure } from '../../api/api-error';
import { ManagerApi } from '../../api/manager-api';
import type { CreatedJoinToken, DiscoveredBoard, JoinToken, ManagerNode } from '../../api/manager-api.types';
import { ModalDialog } from '../../dialog/modal-dialog';
import { NodesStore } from '../nodes-store';
import { formatTime } from '../usage-format';

/** Boards heard on the LAN are asked for again this often while the page is open (the manager hears them every 30 s). */
export const DISCOVERED_REFRESH_MS = 10_000;
const DEFAULT_HOURS = 24;

/**
 * "Add a board": a join token and the command to type on a board, the join
 * tokens with their revoke button, and the boards heard on the LAN that wait
 * to be added, each with a one-click Add (the manager hands the board a
 * single-use token and answers once it has joined).
 */
@Component({
  selector: 'ts-add-board-panel',
  imports: [ModalDialog],
  templateUrl: './add-board-panel.html',
  styleUrl: './add-board-panel.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AddBoardPanel {
  private readonly api = inject(ManagerApi);
  private readonly nodes = inject(NodesStore);

  protected readonly tokens = signal<JoinToken[]>([]);
  protected readonly waiting = signal<DiscoveredBoard[]>([]);
  protected readonly loadError = signal<string | null>(null);
  protected readonly dialogOpen = signal(false);
  protected readonly hours = signal(String(DEFAULT_HOURS));
  protected readonly note = signal('');
  protected readonly making = signal(false);
  protected readonly makeError = signal<string | null>(null);
  protected readonly made = signal<CreatedJoinToken | null>(null);
  protected readonly copied = signal(false);
  /** The compute id being added, and what the last add or revoke did. */
  protected readonly adding = signal<string | null>(null);
  protected readonly announcement = signal<{ text: string; failed: boolean } | null>(null);
  protected readonly time = formatTime;

  constructor() {
    void this.refresh();
    const timer = setInterval(() => void this.refreshWaiting(), DISCOVERED_REFRESH_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }

  protected tokenState(token: JoinToken): string {
    if (token.revokedAt) return 'revoked';
    if (Date.parse(token.expiresAt) <= Date.now()) return 'expired';
    if (token.singleUse && token.uses > 0) return 'used';
    return 'valid';
  }

  protected openDialog(): void {
    this.made.set(null);
    this.makeError.set(null);
    this.copied.set(false);
    this.dialogOpen.set(true);
  }

  protected closeDialog(): void {
    this.dialogOpen.set(false);
    // The secret is not kept once the dialog is gone.
    this.made.set(null);
  }

  protected async makeToken(event: Event): Promise<void> {
    event.preventDefault();
    if (this.making()) return;
    const hours = Number(this.hours().trim());
    const note = this.note().trim();
    this.making.set(true);
    this.makeError.set(null);
    try {
      const made = await this.api.createJoinToken({ ...(this.hours().trim() ? { expiresInHours: hours } : {}), ...(note ? { note } : {}) });
      this.made.set(made);
      this.note.set('');
      void this.refreshTokens();
    } catch (error) {
      this.makeError.set(describeFailure(error));
    } finally {
      this.making.set(false);
    }
  }

  protected async copyCommand(command: string, field: HTMLInputElement): Promise<void> {
    try {
      await navigator.clipboard.writeText(command);
      this.copied.set(true);
    } catch {
      // No clipboard (a page not served over HTTPS or localhost): the command is selected for Ctrl+C instead.
      field.focus();
      field.select();
      this.copied.set(false);
    }
  }

  protected async revoke(token: JoinToken): Promise<void> {
    try {
      await this.api.revokeJoinToken(token.id);
      this.announcement.set({ text: `Revoked the join token${token.note ? ` "${token.note}"` : ''}: it admits no board from now on.`, failed: false });
    } catch (error) {
      this.announcement.set({ text: `The join token was not revoked: ${describeFailure(error)}`, failed: true });
    }
    await this.refreshTokens();
  }

  protected async add(board: DiscoveredBoard): Promise<void> {
    if (this.adding()) return;
    this.adding.set(board.computeId);
    this.announcement.set({ text: `Adding ${board.label}…`, failed: false });
    try {
      const node: ManagerNode = await this.api.addDiscovered(board.computeId);
      this.nodes.upsert(node);
      this.announcement.set({ text: `Added ${board.label} as node "${node.name}" (${node.state}).`, failed: false });
    } catch (error) {
      this.announcement.set({ text: `${board.label} was not added: ${describeFailure(error)}`, failed: true });
    } finally {
      this.adding.set(null);
    }
    await this.refresh();
  }

  private async refresh(): Promise<void> {
    await Promise.all([this.refreshTokens(), this.refreshWaiting()]);
  }

  private async refreshTokens(): Promise<void> {
    try {
      this.tokens.set(await this.api.listJoinTokens());
      this.loadError.set(null);
    } catch (error) {
      this.loadError.set(describeFailure(error));
    }
  }

  private async refreshWaiting(): Promise<void> {
    try {
      this.waiting.set(await this.api.listDiscovered());
    } catch (error) {
      this.loadError.set(describeFailure(error));
    }
  }
}
