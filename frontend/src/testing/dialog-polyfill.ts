/**
 * jsdom has <dialog> and its `open` attribute but none of its methods. This
 * gives it the part the console relies on to open and close one: it does NOT
 * make the page behind inert, close on Escape or restore focus; those are the
 * browser's and are proven in Chromium (e2e/console.e2e-spec.ts).
 * Imported by the specs that render a dialog.
 */
if (typeof HTMLDialogElement.prototype.showModal !== 'function') {
  Object.assign(HTMLDialogElement.prototype, {
    show(this: HTMLDialogElement): void {
      this.open = true;
    },
    showModal(this: HTMLDialogElement): void {
      this.open = true;
    },
    close(this: HTMLDialogElement): void {
      if (!this.open) return;
      this.open = false;
      // Like the browser's, the close event comes in a later task.
      setTimeout(() => this.dispatchEvent(new Event('close')));
    },
  });
}

export {};
