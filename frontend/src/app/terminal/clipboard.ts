/**
 * Puts text on the clipboard from a click or a key press. The Clipboard API
 * exists only in secure contexts (https, localhost), and the console is
 * usually reached over plain HTTP on the classroom's network: there, the
 * older copy command, which browsers still allow during a user's action.
 */
export function copyText(document: Document, text: string): Promise<boolean> {
  const clipboard = document.defaultView?.navigator.clipboard;
  if (clipboard?.writeText) {
    return clipboard.writeText(text).then(
      () => true,
      () => false,
    );
  }
  const onCopy = (event: ClipboardEvent) => {
    event.clipboardData?.setData('text/plain', text);
    event.preventDefault();
  };
  document.addEventListener('copy', onCopy, true);
  try {
    return Promise.resolve(document.execCommand('copy'));
  } catch {
    return Promise.resolve(false);
  } finally {
    document.removeEventListener('copy', onCopy, true);
  }
}

/** Whether a Paste button can read the clipboard (secure contexts only); elsewhere the browser's own paste works. */
export function canReadClipboard(document: Document): boolean {
  return typeof document.defaultView?.navigator.clipboard?.readText === 'function';
}
