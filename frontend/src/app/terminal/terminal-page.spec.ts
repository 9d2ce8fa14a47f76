import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { vi } from 'vitest';
import { ManagerApi } from '../api/manager-api';
import { InstanceAccessApi, type TerminalTicket } from '../instances/instance-access-api';
import { LiveEvents } from '../live/live-events';
import { FakeLiveEvents } from '../../testing/fake-live-events';
import { anAdmin, anInstance, NODE_ID } from '../../testing/manager-fixtures';
import { settle } from '../../testing/settle';
import { signInAs } from '../../testing/signed-in';
import { StrictInstanceAccessApi } from '../../testing/strict-instance-access-api';
import { StrictManagerApi } from '../../testing/strict-manager-api';
import { TerminalPage } from './terminal-page';
import { SOCKET_OPEN, WEB_SOCKET_FACTORY, type WebSocketLike } from './web-socket-factory';

type OpenTerminal = (nodeId: string, name: string, size: { cols: number; rows: number }) => Promise<TerminalTicket>;

class ScriptedSocket implements WebSocketLike {
  binaryType: BinaryType = 'blob';
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent<ArrayBuffer | string>) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  readonly sent: Array<string | ArrayBufferView> = [];

  constructor(readonly url: string) {}

  open(): void {
    this.readyState = SOCKET_OPEN;
    this.onopen?.(new Event('open'));
  }

  end(reason: string): void {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify({ type: 'exit', code: null, reason }) }));
    this.readyState = 3;
    this.onclose?.(new CloseEvent('close', { code: 1000, reason }));
  }

  send(data: string | ArrayBufferView): void {
    this.sent.push(data);
  }

  close(): void {
    this.readyState = 3;
  }
}

describe('TerminalPage', () => {
  let sockets: ScriptedSocket[];
  let openTerminal: ReturnType<typeof vi.fn<OpenTerminal>>;
  let access: StrictInstanceAccessApi;
  let api: StrictManagerApi;
  let fixture: ComponentFixture<TerminalPage>;
  let element: HTMLElement;

  beforeEach(async () => {
    // jsdom has no matchMedia; xterm asks it about the screen's pixel ratio.
    vi.stubGlobal('matchMedia', (query: string) => ({
      matches: false,
      media: query,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      addListener: () => undefined,
      removeListener: () => undefined,
    }));
    sockets = [];
    openTerminal = vi.fn<OpenTerminal>(async () => ({ url: '/api/console/t?cols=80&rows=24', expiresAt: '2025-01-01T10:00:30.000Z' }));
    access = new StrictInstanceAccessApi({ openTerminal });
    api = new StrictManagerApi({ listInstances: async () => [anInstance({ state: 'RUNNING' })] });
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: ManagerApi, useValue: api.api },
        { provide: InstanceAccessApi, useValue: access.api },
        { provide: LiveEvents, useValue: new FakeLiveEvents().asLiveEvents() },
        {
          provide: WEB_SOCKET_FACTORY,
          useValue: (url: string) => {
            const socket = new ScriptedSocket(url);
            sockets.push(socket);
            return socket;
          },
        },
      ],
    });
    signInAs(anAdmin());
    fixture = TestBed.createComponent(TerminalPage);
    fixture.componentRef.setInput('nodeId', NODE_ID);
    fixture.componentRef.setInput('name', 'web1');
    element = fixture.nativeElement as HTMLElement;
    document.body.append(element);
    await settle(fixture);
    await settle(fixture);
  });

  afterEach(() => {
    fixture.destroy();
    element.remove();
    api.verify();
    access.verify();
    vi.unstubAllGlobals();
  });

  const status = () => element.querySelector<HTMLElement>('[data-testid="terminal-status"]')!;

  it("opens the instance's terminal in a labelled region, saying where it is connected in a live region", async () => {
    expect(openTerminal).toHaveBeenCalledWith(NODE_ID, 'web1', expect.objectContaining({ cols: expect.any(Number), rows: expect.any(Number) }));
    const region = element.querySelector('section[data-testid="terminal-screen"]')!;
    expect(region.getAttribute('aria-label')).toBe('Terminal of web1');
    expect(document.getElementById(region.getAttribute('aria-describedby')!)!.textContent).toContain('Escape, then Tab');
    expect(region.querySelector('.xterm')).not.toBeNull();
    expect(status().getAttribute('aria-live')).toBe('polite');
    expect(status().textContent).toBe('Connecting to "web1" on pi-node-1…');

    sockets[0]!.open();
    await settle(fixture);
    expect(status().textContent).toBe('Connected to "web1" on pi-node-1.');
    expect(status().dataset['status']).toBe('open');
  });

  it('says why the session ended, and Reconnect opens a new one with a fresh ticket', async () => {
    sockets[0]!.open();
    sockets[0]!.end('the instance stopped');
    await settle(fixture);
    expect(status().textContent).toBe('The session ended: the instance stopped.');
    const reconnect = element.querySelector<HTMLButtonElement>('[data-testid="reconnect"]')!;
    expect(reconnect.classList).toContain('primary');

    reconnect.click();
    await settle(fixture);
    expect(openTerminal).toHaveBeenCalledTimes(2);
    sockets[1]!.open();
    await settle(fixture);
    expect(status().textContent).toBe('Connected to "web1" on pi-node-1.');
  });

  it('sends Tab to the shell, but not right after Escape: Escape then Tab leaves the terminal', async () => {
    sockets[0]!.open();
    await settle(fixture);
    const input = element.querySelector<HTMLTextAreaElement>('textarea.xterm-helper-textarea')!;
    const press = (key: string, keyCode: number) => {
      const event = new KeyboardEvent('keydown', { key, code: key, keyCode, bubbles: true, cancelable: true });
      input.dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(press('Tab', 9)).toBe(true);
    expect(press('Escape', 27)).toBe(true);
    // Left to the browser, which moves focus on.
    expect(press('Tab', 9)).toBe(false);
    const decoder = new TextDecoder();
    const keys = sockets[0]!.sent.filter((frame) => typeof frame !== 'string').map((frame) => decoder.decode(frame as Uint8Array));
    expect(keys).toEqual(['\t', '\x1b']);
  });

  it('opens a session of the other instance when the address names another (the router keeps the page)', async () => {
    sockets[0]!.open();
    fixture.componentRef.setInput('name', 'db1');
    await settle(fixture);
    expect(openTerminal).toHaveBeenLastCalledWith(NODE_ID, 'db1', expect.anything());
    expect(sockets).toHaveLength(2);
    expect(sockets[0]!.readyState).toBe(3);
    expect(element.querySelector('section[data-testid="terminal-screen"]')!.getAttribute('aria-label')).toBe('Terminal of db1');
  });

  it('says so when there is nothing to copy', async () => {
    element.querySelector<HTMLButtonElement>('[data-testid="copy"]')!.click();
    await settle(fixture);
    expect(element.querySelector('[data-testid="clipboard-notice"]')!.textContent).toBe('Nothing is selected: select text in the terminal first.');
  });

  // Its content is the browser test's business: vitest hands CSS imports over empty.
  it("adds xterm's stylesheet to the page once, however often the page opens", async () => {
    const again = TestBed.createComponent(TerminalPage);
    again.componentRef.setInput('nodeId', NODE_ID);
    again.componentRef.setInput('name', 'web1');
    await settle(again);
    expect(document.querySelectorAll('style#ts-xterm-styles')).toHaveLength(1);
    again.destroy();
  });
});
