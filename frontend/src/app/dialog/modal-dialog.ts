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

const TABBABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[tabindex]:not([tabindex="-1"])',
].join(', ');

/**
 * A modal dialog on the native <dialog>: showModal() makes the page behind
 * it inert and closes it on Escape. Two things are added: Tab wraps around
 * inside it (the browser would otherwise hand focus to its own toolbar, and
 * leave none in the page), and focus returns to what opened it when it goes.
 * The parent decides when it goes: `closed` asks it to remove the dialog.
 */
@Component({
  selector: 'ts-modal-dialog',
  templateUrl: './modal-dialog.html',
  styleUrl: './modal-dialog.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ModalDialog implements OnDestroy {
  readonly heading = input.required<string>();
  readonly closed = output<void>();

  protected readonly headingId = `ts-dialog-heading-${++nextDialogId}`;
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  private readonly opener = inject(DOCUMENT).activeElement as HTMLElement | null;
  private removed = false;

  // From the host rather than with viewChild: signal queries would add to every page's download.
  private get dialog(): HTMLDialogElement {
    return this.host.querySelector('dialog')!;
  }

  constructor() {
    afterNextRender(() => {
      const dialog = this.dialog;
      dialog.showModal();
      // showModal focuses the first control too, but not the same way in every browser (nor in the test DOM).
      (dialog.querySelector<HTMLElement>('[autofocus]') ?? dialog.querySelector<HTMLElement>(TABBABLE))?.focus();
    });
  }

  ngOnDestroy(): void {
    this.removed = true;
    const dialog = this.dialog;
    // Closed before it leaves the page, so that the page is no longer inert when focus goes back.
    if (dialog.open) dialog.close();
    if (this.opener?.isConnected) this.opener.focus();
  }

  /** Escape (or the browser) closed it: the parent removes it. */
  protected closedByBrowser(): void {
    if (!this.removed) this.closed.emit();
  }

  /** A click on the dialog element itself, outside its content, is a click on the backdrop. */
  protected closeFromBackdrop(event: MouseEvent): void {
    if (event.target === this.dialog) this.closed.emit();
  }

  protected keepTabInside(event: KeyboardEvent): void {
    if (event.key !== 'Tab' || event.altKey || event.ctrlKey || event.metaKey) return;
    const tabbable = [...this.dialog.querySelectorAll<HTMLElement>(TABBABLE)].filter(
      (element) => element.checkVisibility?.() ?? true,
    );
    const first = tabbable[0];
    const last = tabbable[tabbable.length - 1];
    if (!first || !last) return;
    const backwards = event.shiftKey;
    const active = this.dialog.ownerDocument.activeElement;
    if (backwards ? active === first : active === last) {
      event.preventDefault();
      (backwards ? last : first).focus();
    }
  }
}
