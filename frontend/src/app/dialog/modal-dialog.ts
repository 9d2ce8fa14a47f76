import {
  ChangeDetectionStrategy,
  Component,
  DOCUMENT,
  ElementRef,
  afterNextRender,
  inject,
  input,
  output,
  type OnDestroy,
} from '@angular/core';

let nextDialogId = 0;

/**
 * A modal dialog: focus moves into it when it opens and back to what had it
 * when it closes; Escape and the backdrop close it. (The native <dialog>'s
 * showModal would do much of this, but the test DOM lacks it.)
 */
@Component({
  selector: 'ts-modal-dialog',
  templateUrl: './modal-dialog.html',
  styleUrl: './modal-dialog.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(document:keydown.escape)': 'closed.emit()' },
})
export class ModalDialog implements OnDestroy {
  readonly heading = input.required<string>();
  readonly closed = output<void>();

  protected readonly headingId = `ts-dialog-heading-${++nextDialogId}`;
  private readonly element = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly opener = inject(DOCUMENT).activeElement as HTMLElement | null;

  constructor() {
    afterNextRender(() => {
      const first = this.element.nativeElement.querySelector<HTMLElement>(
        '[autofocus], input:not([disabled]), select:not([disabled]), button:not([disabled])',
      );
      first?.focus();
    });
  }

  ngOnDestroy(): void {
    this.opener?.focus?.();
  }

  protected closeFromBackdrop(event: MouseEvent): void {
    if (event.target === event.currentTarget) this.closed.emit();
  }
}
