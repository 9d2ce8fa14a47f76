import { ChangeDetectionStrategy, Component, ElementRef, Injector, afterNextRender, inject, signal } from '@angular/core';
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
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  private readonly injector = inject(Injector);

  protected until(expiresAt: string | null): string {
    return expiresAt === null ? '' : new Date(expiresAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  /** The button that was used goes with the state it belonged to: focus moves to the one that undoes it. */
  protected open(): Promise<void> {
    return this.run(() => this.store.openClassCode(this.minutes()), 'close-class-code');
  }

  protected close(): Promise<void> {
    return this.run(() => this.store.closeClassCode(), 'open-class-code');
  }

  private async run(change: () => Promise<void>, focusAfter: string): Promise<void> {
    if (this.working()) return;
    this.working.set(true);
    this.error.set(null);
    try {
      await change();
      afterNextRender(() => this.host.querySelector<HTMLElement>(`[data-testid="${focusAfter}"]`)?.focus(), { injector: this.injector });
    } catch (error) {
      this.error.set(describeFailure(error));
    } finally {
      this.working.set(false);
    }
  }
}
