import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { describeFailure } from '../api/api-error';
import { ManagerApi } from '../api/manager-api';
import type { EventLogEntry } from '../api/manager-api.types';
import { LiveEvents } from '../live/live-events';

const PAGE_SIZE = 50;

/** The manager's action log, newest first: a page at a time going back, new entries as they happen. */
@Component({
  selector: 'ts-event-log',
  imports: [RouterLink],
  templateUrl: './event-log.html',
  styleUrl: './event-log.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EventLog {
  private readonly api = inject(ManagerApi);

  protected readonly entries = signal<EventLogEntry[]>([]);
  /** The `before` of the next older page; null once the oldest entry is shown. */
  protected readonly nextBefore = signal<number | null>(null);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);

  constructor() {
    const live = inject(LiveEvents);
    live.events$.pipe(takeUntilDestroyed()).subscribe((event) => {
      if (event.type === 'action') this.add([event.entry]);
    });
    live.resumed$.pipe(takeUntilDestroyed()).subscribe(() => void this.loadPage(undefined));
    void this.loadPage(undefined);
  }

  protected older(): Promise<void> {
    if (this.loading()) return Promise.resolve();
    return this.loadPage(this.nextBefore() ?? undefined);
  }

  protected when(iso: string): string {
    return new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
  }

  private async loadPage(before: number | undefined): Promise<void> {
    this.loading.set(true);
    try {
      const page = await this.api.eventLog({ limit: PAGE_SIZE, ...(before ? { before } : {}) });
      this.add(page.events);
      // The first page must not move `older` back to the top once older pages are shown.
      if (before !== undefined || this.nextBefore() === null) this.nextBefore.set(page.nextBefore);
      this.error.set(null);
    } catch (error) {
      this.error.set(describeFailure(error));
    } finally {
      this.loading.set(false);
    }
  }

  /** Entries are merged by id, newest first, so a live entry and a page never show one twice. */
  private add(entries: readonly EventLogEntry[]): void {
    this.entries.update((known) => {
      const byId = new Map(known.map((entry) => [entry.id, entry]));
      for (const entry of entries) byId.set(entry.id, entry);
      return [...byId.values()].sort((a, b) => b.id - a.id);
    });
  }
}
