import '../../../testing/dialog-polyfill';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { vi } from 'vitest';
import { ApiError } from '../../api/api-error';
import { ManagerApi } from '../../api/manager-api';
import type { CreatedJoinToken, CreateJoinTokenRequest, DiscoveredBoard, JoinToken, ManagerNode } from '../../api/manager-api.types';
import { LiveEvents } from '../../live/live-events';
import { danglingAriaReferences } from '../../../testing/aria-references';
import { FakeLiveEvents } from '../../../testing/fake-live-events';
import { aNode } from '../../../testing/manager-fixtures';
import { settle } from '../../../testing/settle';
import { StrictManagerApi } from '../../../testing/strict-manager-api';
import { AddBoardPanel } from './add-board-panel';

const TOKEN = 'tsj_EXAMPLE-made-up-not-a-real-token-0123456789';
const FUTURE = '2999-01-01T00:00:00.000Z';

function aJoinToken(overrides: Partial<JoinToken> = {}): JoinToken {
  return { id: '9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a', note: 'room 12', createdAt: '2025-01-01T09:00:00.000Z', expiresAt: FUTURE, revokedAt: null, uses: 2, lastUsedAt: null, singleUse: false, ...overrides };
}

const WAITING: DiscoveredBoard = {
  computeId: '0b6d2f4e-8c11-4c1e-9a57-3f1c2a9e8d4b',
  label: 'raspberrypi-0b6d2f4e',
  addresses: ['10.0.0.23'],
  port: 7001,
  version: '0.1.0',
  joined: false,
  lastSeenAt: '2025-01-01T10:00:00.000Z',
};

describe('AddBoardPanel', () => {
  let api: StrictManagerApi;
  let fixture: ComponentFixture<AddBoardPanel>;
  let element: HTMLElement;
  let tokens: JoinToken[];
  let waiting: DiscoveredBoard[];
  let createJoinToken: ReturnType<typeof vi.fn<(request: CreateJoinTokenRequest) => Promise<CreatedJoinToken>>>;
  let revokeJoinToken: ReturnType<typeof vi.fn<(id: string) => Promise<void>>>;
  let addDiscovered: ReturnType<typeof vi.fn<(computeId: string) => Promise<ManagerNode>>>;

  beforeEach(async () => {
    tokens = [aJoinToken()];
    waiting = [WAITING];
    createJoinToken = vi.fn();
    revokeJoinToken = vi.fn(async () => undefined);
    addDiscovered = vi.fn();
    api = new StrictManagerApi({
      listJoinTokens: async () => tokens,
      listDiscovered: async () => waiting,
      createJoinToken,
      revokeJoinToken,
      addDiscovered,
    });
    TestBed.configureTestingModule({
      providers: [
        { provide: ManagerApi, useValue: api.api },
        { provide: LiveEvents, useValue: new FakeLiveEvents().asLiveEvents() },
      ],
    });
    fixture = TestBed.createComponent(AddBoardPanel);
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
  });

  afterEach(() => api.verify());

  const click = async (selector: string) => {
    element.querySelector<HTMLButtonElement>(selector)!.click();
    await settle(fixture);
  };

  it('makes a join token and shows the command to paste on a board, once, with a copy button', async () => {
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    createJoinToken.mockResolvedValue({ ...aJoinToken({ uses: 0, note: 'lesson' }), token: TOKEN, command: `sudo tinystack-compute join http://10.0.0.2:8080 ${TOKEN}` });
    await click('[data-testid="make-join-token"]');
    const hours = element.querySelector<HTMLInputElement>('#join-hours')!;
    hours.value = '4';
    hours.dispatchEvent(new Event('input'));
    const note = element.querySelector<HTMLInputElement>('#join-note')!;
    note.value = ' lesson ';
    note.dispatchEvent(new Event('input'));
    expect(danglingAriaReferences(element)).toEqual([]);
    await click('[data-testid="submit-join-token"]');
    expect(createJoinToken).toHaveBeenCalledWith({ expiresInHours: 4, note: 'lesson' });
    const command = element.querySelector<HTMLInputElement>('[data-testid="join-command"]')!;
    expect(command.value).toBe(`sudo tinystack-compute join http://10.0.0.2:8080 ${TOKEN}`);
    await click('[data-testid="copy-join-command"]');
    expect(writeText).toHaveBeenCalledWith(command.value);
    expect(element.textContent).toContain('Copied.');
    // Done: the secret leaves the page.
    element.querySelector<HTMLButtonElement>('dialog .primary')!.click();
    await settle(fixture);
    expect(element.textContent).not.toContain(TOKEN);
  });

  it("says why the manager refused to make a token, beside the form", async () => {
    createJoinToken.mockRejectedValue(new ApiError(400, 'expiresInHours must be a whole number of hours from 1 to 720 (got "900")', []));
    await click('[data-testid="make-join-token"]');
    const hours = element.querySelector<HTMLInputElement>('#join-hours')!;
    hours.value = '900';
    hours.dispatchEvent(new Event('input'));
    await click('[data-testid="submit-join-token"]');
    expect(element.querySelector('[data-testid="join-token-error"]')!.textContent).toContain('from 1 to 720');
  });

  it('lists the join tokens with their state and revokes a valid one', async () => {
    tokens = [aJoinToken(), aJoinToken({ id: '1e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a', note: null, revokedAt: '2025-01-01T09:30:00.000Z' })];
    fixture.destroy();
    fixture = TestBed.createComponent(AddBoardPanel);
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
    const rows = [...element.querySelectorAll('[data-testid="join-token-row"]')];
    expect(rows.map((row) => row.children[1]!.textContent!.trim())).toEqual(['valid', 'revoked']);
    expect(rows[1]!.querySelector('button')).toBeNull();
    tokens = [aJoinToken({ revokedAt: '2025-01-01T10:00:00.000Z' })];
    rows[0]!.querySelector('button')!.click();
    await settle(fixture);
    expect(revokeJoinToken).toHaveBeenCalledWith(aJoinToken().id);
    expect(element.querySelector('[data-testid="add-board-announcement"]')!.textContent).toContain('Revoked the join token "room 12"');
    expect(element.querySelector('[data-testid="join-token-row"] button')).toBeNull();
  });

  it('adds a board waiting to be added with one click, and says why when it could not', async () => {
    const row = element.querySelector('[data-testid="waiting-board"]')!;
    expect(row.textContent).toContain('raspberrypi-0b6d2f4e');
    expect(row.textContent).toContain('10.0.0.23:7001');
    addDiscovered.mockRejectedValueOnce(new ApiError(409, 'The board at http://10.0.0.23:7001 did not take the offer: it has joined http://10.0.0.9:8080', []));
    await click('[data-testid="add-waiting-board"]');
    expect(element.querySelector('[data-testid="add-board-announcement"]')!.textContent).toContain('was not added: The board at http://10.0.0.23:7001 did not take the offer');

    addDiscovered.mockResolvedValueOnce(aNode({ name: 'raspberrypi', computeId: WAITING.computeId }));
    waiting = [];
    await click('[data-testid="add-waiting-board"]');
    expect(addDiscovered).toHaveBeenLastCalledWith(WAITING.computeId);
    expect(element.querySelector('[data-testid="add-board-announcement"]')!.textContent).toContain('Added raspberrypi-0b6d2f4e as node "raspberrypi" (ACTIVE)');
    expect(element.querySelector('[data-testid="no-waiting-boards"]')).not.toBeNull();
  });
});
