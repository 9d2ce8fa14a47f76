import { ChangeDetectionStrategy, Component, DOCUMENT, DestroyRef, inject } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { LiveEvents } from '../live/live-events';
import { AppHeader } from './app-header';

/**
 * The frame of every signed-in page: the skip link, the header, and the live
 * stream, which runs exactly while a signed-in page is shown. Loaded lazily,
 * so that the first download holds little more than Angular and the router.
 */
@Component({
  selector: 'ts-signed-in-shell',
  imports: [RouterOutlet, AppHeader],
  template: `
    <a class="skip" href="#main" (click)="skipToContent($event)">Skip to content</a>
    <ts-app-header />
    <main id="main" tabindex="-1">
      <router-outlet />
    </main>
  `,
  styleUrl: './signed-in-shell.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SignedInShell {
  private readonly document = inject(DOCUMENT);

  constructor() {
    const live = inject(LiveEvents);
    live.connect();
    inject(DestroyRef).onDestroy(() => live.disconnect());
  }

  /** "#main" would resolve against <base href="/"> and load the app again: focus moves to the content instead. */
  protected skipToContent(event: MouseEvent): void {
    event.preventDefault();
    this.document.getElementById('main')?.focus();
  }
}
