import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { vi } from 'vitest';
import { ManagerApi } from '../api/manager-api';
import type { EventLogEntry, EventLogPage } from '../api/manager-api.types';
import { LiveEvents } from '../live/live-events';
import { FakeLiveEvents } from '../../testing/fake-live-events';
import { NODE_ID } from '../../testing/manager-fixtures';
import { settle } from '../../testing/settle';
import { StrictManagerApi } from '../../testing/strict-manager-api';
import { EventLog } from './event-log';

function entry(id: number, message: string): EventLogEntry {
  return {
    id,
    at: '2025-01-01T10:00:00.000Z',
    action: 'instance-created',
    result: id % 2 ? 'success' : 'failure',
    nodeId: NODE_ID,
    nodeName: 'pi-node-1',
    instance: 'web1',
    message,
    actor: 'admin token',
    owner: 'admin',
  };
}

describe('EventLog', () => {
  let api: StrictManagerApi;
  let live: FakeLiveEvents;
  let eventLog: ReturnType<typeof vi.fn<(query: { limit: number; before?: number }) => Promise<EventLogPage>>>;
  let fixture: ComponentFixture<EventLog>;
  let element: HTMLElement;

  beforeEach(async () => {
    eventLog = vi.fn(async (query: { limit: number; before?: number }) =>
      query.before === undefined
        ? { events: [entry(5, 'five'), entry(4, 'four')], nextBefore: 4 }
        : { events: [entry(3, 'three')], nextBefore: null },
    );
    api = new StrictManagerApi({ eventLog });
    live = new FakeLiveEvents();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: ManagerApi, useValue: api.api },
        { provide: LiveEvents, useValue: live.asLiveEvents() },
      ],
    });
    fixture = TestBed.createComponent(EventLog);
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
  });

  afterEach(() => api.verify());

  const messages = () => [...element.querySelectorAll('[data-testid="event-row"] .message')].map((cell) => cell.textContent!.trim());

  it('shows the newest entries first, then older ones a page at a time until the oldest', async () => {
    expect(eventLog).toHaveBeenCalledWith({ limit: 50 });
    expect(messages()).toEqual(['five', 'four']);
    [...element.querySelectorAll('button')].find((button) => button.textContent!.includes('Older entries'))!.click();
    await settle(fixture);
    expect(eventLog).toHaveBeenLastCalledWith({ limit: 50, before: 4 });
    expect(messages()).toEqual(['five', 'four', 'three']);
    expect(element.textContent).toContain('That is the oldest entry.');
  });

  it('adds entries from the live stream at the top, once each', async () => {
    live.emit({ type: 'action', at: '2025-01-01T10:00:01.000Z', entry: entry(6, 'six') });
    live.emit({ type: 'action', at: '2025-01-01T10:00:01.000Z', entry: entry(6, 'six') });
    await settle(fixture);
    expect(messages()).toEqual(['six', 'five', 'four']);
  });

  it('marks failures in words, not only in colour', () => {
    const results = [...element.querySelectorAll('[data-testid="event-row"] .result')].map((cell) => cell.textContent!.trim());
    expect(results).toEqual(['✓ success', '✖ failure']);
  });
});
