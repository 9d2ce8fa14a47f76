import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { describeFailure } from '../api/api-error';
import { ClassStore } from './class-store';

const DURATIONS = [15, 30, 60, 90, 120, 240] as const;

/**
 * Open or close the class code. An open code is shown large (for a
 * projector) with the address to type and the time it closes.
 */
@Component({
  selector: 'ts-class-code-panel',
  templateUrl: './class-code-panel.html',
  styleUrl: './class-code-panel.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ClassCodePanel {
  protected readonly store = inject(ClassStore);
  protected readonly durations = DURATIONS;
  protected readonly minutes = signal(60);
  protected readonly working = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly joinAddress = `${location.origin}/join-class`;

  protected until(expiresAt: string | null): string {
    return expiresAt === null ? '' : new Date(expiresAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  protected open(): Promise<void> {
    return this.run(() => this.store.openClassCode(this.minutes()));
  }

  protected close(): Promise<void> {
    return this.run(() => this.store.closeClassCode());
  }

  private async run(change: () => Promise<void>): Promise<void> {
    if (this.working()) return;
    this.working.set(true);
    this.error.set(null);
    try {
      await change();
    } catch (error) {
      this.error.set(describeFailure(error));
    } finally {
      this.working.set(false);
    }
  }
}
