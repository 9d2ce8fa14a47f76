import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink, RouterLinkActive } from '@angular/router';
import { AccountsApi } from '../api/accounts-api';
import { API_DOCS_PATH } from '../api/manager-api.types';
import { LiveEvents } from '../live/live-events';
import { Session } from '../session/session';

const LIVE_LABELS = {
  off: 'Offline',
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
} as const;

@Component({
  selector: 'ts-app-header',
  imports: [RouterLink, RouterLinkActive],
  templateUrl: './app-header.html',
  styleUrl: './app-header.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AppHeader {
  private readonly live = inject(LiveEvents);
  protected readonly session = inject(Session);
  protected readonly apiDocs = API_DOCS_PATH;
  protected readonly liveStatus = this.live.status;
  protected readonly liveLabel = computed(() => LIVE_LABELS[this.live.status()]);
  private readonly accounts = inject(AccountsApi);

  /**
   * Ends the session on the manager too; signed out here even when the
   * manager cannot be reached. The stream goes first: the manager ends it with
   * the session, and it would otherwise ask whether the session holds.
   */
  protected async signOut(): Promise<void> {
    this.live.disconnect();
    await this.accounts.signOut().catch(() => undefined);
    this.session.signedOut();
  }
}
