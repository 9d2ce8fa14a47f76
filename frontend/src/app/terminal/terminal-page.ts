import {
  ChangeDetectionStrategy,
  Component,
  DOCUMENT,
  DestroyRef,
  ElementRef,
  afterNextRender,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import { InstancesStore } from '../instances/instances-store';
import { formatSeconds } from '../nodes/usage-format';
import { canReadClipboard, copyText } from './clipboard';
import { MAX_AUTOMATIC_RETRIES, TerminalConnection, type TerminalStatus } from './terminal-connection';
import { addXtermStyles } from './xterm-styles';

/** The console's colours (styles.css), for a terminal that looks part of the page; cyan is the console's accent. */
const THEME = { background: '#0d1117', foreground: '#e6edf3', cursor: '#79c0ff', selectionBackground: '#264f78', cyan: '#79c0ff' };
/** The page's own lines in the scrollback (a new session, why one ended): in the accent colour, readable (not dim). */
const NOTE = (text: string) => `\r\n\x1b[36m${text}\x1b[0m\r\n`;

/**
 * A login shell in a running instance, in xterm.js (this page's lazy chunk
 * holds it and its stylesheet). The terminal fills the page's width and the
 * window's height, and tells the shell its size whenever that changes. Copy
 * is the selection (Ctrl+Shift+C, the Copy button, or the browser's menu);
 * paste is Ctrl+Shift+V or the browser's paste. A dropped link is tried again
 * by itself a few times, then by the Reconnect button; when the node ends the
 * session (the instance stopped, the shell exited, idle) the page says why.
 * Tab belongs to the shell: Escape then Tab leaves the terminal.
 */
@Component({
  selector: 'ts-terminal-page',
  imports: [RouterLink],
  templateUrl: './terminal-page.html',
  styleUrl: './terminal-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [TerminalConnection],
})
export class TerminalPage {
  /** From the route: /instances/:nodeId/:name/terminal. */
  readonly nodeId = input.required<string>();
  readonly name = input.required<string>();

  protected readonly connection = inject(TerminalConnection);
  private readonly instances = inject(InstancesStore);
  private readonly document = inject(DOCUMENT);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;

  protected readonly canPaste = canReadClipboard(this.document);
  /** What the last copy or paste did, for the second live region. */
  protected readonly clipboardNotice = signal('');
  protected readonly screenReaderMode = signal(false);

  protected readonly instance = computed(() =>
    this.instances.instances().find((instance) => instance.nodeId === this.nodeId() && instance.name === this.name()),
  );
  protected readonly statusText = computed(() => describeStatus(this.connection.status(), this.name(), this.instance()?.nodeName));
  protected readonly usable = computed(() => this.connection.status().kind === 'open');

  private terminal: Terminal | null = null;
  /** Set once xterm is on the page: the connection follows the route's instance from then on. */
  private readonly opened = signal(false);
  /** Escape was the last key: a Tab now moves focus out of the terminal instead of going to the shell. */
  private leaving = false;

  constructor() {
    if (!this.instances.loaded()) void this.instances.load();
    const destroyRef = inject(DestroyRef);
    afterNextRender(() => {
      addXtermStyles(this.document);
      const terminal = new Terminal({
        cursorBlink: true,
        fontFamily: 'ui-monospace, "DejaVu Sans Mono", "Liberation Mono", monospace',
        fontSize: 15,
        scrollback: 5000,
        theme: THEME,
        // Colours a program picks are brightened where they would be hard to read on the dark background (WCAG AA).
        minimumContrastRatio: 4.5,
      });
      const fit = new FitAddon();
      terminal.loadAddon(fit);
      terminal.attachCustomKeyEventHandler((event) => this.keyFromTerminal(event));
      terminal.open(this.screen());
      this.terminal = terminal;
      fit.fit();

      this.connection.onOutput = (bytes) => terminal.write(bytes);
      this.connection.onNewSession = () => terminal.write(NOTE('── a new session ──'));
      terminal.onData((data) => this.connection.send(data));
      terminal.onResize(({ cols, rows }) => this.connection.resize(cols, rows));
      const view = this.document.defaultView;
      let pending = 0;
      const observer = new (view?.ResizeObserver ?? NoResizeObserver)(() => {
        view?.cancelAnimationFrame(pending);
        pending = view?.requestAnimationFrame(() => fit.fit()) ?? 0;
      });
      observer.observe(this.screen());
      destroyRef.onDestroy(() => {
        observer.disconnect();
        terminal.dispose();
      });

      this.opened.set(true);
      terminal.focus();
    });

    // The router keeps this page when only the instance in the address changes: a session of the new one then.
    let sessions = 0;
    effect(() => {
      if (!this.opened()) return;
      const nodeId = this.nodeId();
      const name = this.name();
      untracked(() => {
        const terminal = this.terminal!;
        if (sessions++ > 0) terminal.reset();
        this.connection.connect({ nodeId, name, state: () => this.instance()?.state }, { cols: terminal.cols, rows: terminal.rows });
      });
    });

    // Once per end, in the scrollback too: the status line above changes with the next session, the scrollback keeps it.
    effect(() => {
      const status = this.connection.status();
      if (status.kind === 'ended' || status.kind === 'failed') untracked(() => this.terminal?.write(NOTE(`[${this.statusText()}]`)));
    });
    effect(() => {
      const on = this.screenReaderMode();
      if (this.terminal) this.terminal.options.screenReaderMode = on;
    });
  }

  protected reconnect(): void {
    this.connection.reconnect();
    this.terminal?.focus();
  }

  protected copy(): void {
    const text = this.terminal?.getSelection() ?? '';
    if (!text) {
      this.clipboardNotice.set('Nothing is selected: select text in the terminal first.');
      return;
    }
    void copyText(this.document, text).then((copied) =>
      this.clipboardNotice.set(copied ? 'Copied the selection.' : 'The browser did not allow copying: use its own Copy (right-click).'),
    );
    this.terminal?.focus();
  }

  protected paste(): void {
    const clipboard = this.document.defaultView?.navigator.clipboard;
    void clipboard?.readText().then(
      (text) => {
        this.terminal?.paste(text);
        this.terminal?.focus();
      },
      () => this.clipboardNotice.set('The browser did not allow reading the clipboard: press Ctrl+Shift+V in the terminal.'),
    );
  }

  protected toggleScreenReaderMode(on: boolean): void {
    this.screenReaderMode.set(on);
  }

  private screen(): HTMLElement {
    return this.host.querySelector<HTMLElement>('[data-testid="terminal-screen"]')!;
  }

  /** xterm asks about each key first: false keeps it from the shell (and, unless prevented, gives it to the browser). */
  private keyFromTerminal(event: KeyboardEvent): boolean {
    if (event.type !== 'keydown') return true;
    const leaving = this.leaving;
    this.leaving = event.key === 'Escape';
    if (event.key === 'Tab' && leaving) return false;
    if (event.ctrlKey && event.shiftKey && !event.altKey && !event.metaKey) {
      if (event.code === 'KeyC') {
        // Chromium would open its element inspector.
        event.preventDefault();
        this.copy();
        return false;
      }
      // The browser's own paste puts the clipboard into xterm's input, which sends it on.
      if (event.code === 'KeyV') return false;
    }
    return true;
  }
}

/** In a browser without ResizeObserver the terminal keeps the size it opened with. */
class NoResizeObserver {
  observe(): void {}
  disconnect(): void {}
}

export function describeStatus(status: TerminalStatus, name: string, nodeName: string | undefined): string {
  const where = nodeName ? `"${name}" on ${nodeName}` : `"${name}"`;
  switch (status.kind) {
    case 'idle':
    case 'connecting':
      return status.kind === 'connecting' && status.attempt > 0
        ? `Reconnecting to ${where} (try ${status.attempt} of ${MAX_AUTOMATIC_RETRIES})…`
        : `Connecting to ${where}…`;
    case 'open':
      return `Connected to ${where}.`;
    case 'retrying':
      return `The connection dropped (${status.reason}): trying again in ${formatSeconds(status.delayMs)} (try ${status.attempt} of ${MAX_AUTOMATIC_RETRIES})…`;
    case 'ended':
      return `The session ended: ${status.reason}.`;
    case 'failed':
      return `Could not reconnect (${status.reason}): use Reconnect to try again.`;
  }
}
