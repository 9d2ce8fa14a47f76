import { ChangeDetectionStrategy, Component, DestroyRef, inject } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { LiveEvents } from '../live/live-events';
import { Session } from '../session/session';
import { AppHeader } from './app-header';

/**
 * The frame of every signed-in page: the header, and the live stream, which
 * runs exactly while a signed-in page is shown. Loaded lazily, so that the
 * first download holds little more than Angular and the router.
 */
@Component({
  selector: 'ts-signed-in-shell',
  imports: [RouterOutlet, AppHeader],
  template: `
    <ts-app-header />
    <main id="main">
      <router-outlet />
    </main>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SignedInShell {
  constructor() {
    const live = inject(LiveEvents);
    const token = inject(Session).token();
    if (token) live.connect(token);
    inject(DestroyRef).onDestroy(() => live.disconnect());
  }
}
