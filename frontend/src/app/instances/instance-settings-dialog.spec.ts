import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { vi } from 'vitest';
import { ApiError } from '../api/api-error';
import type { ClusterInstance } from '../api/manager-api.types';
import { danglingAriaReferences } from '../../testing/aria-references';
import { anInstance, detailsOf, NODE_ID } from '../../testing/manager-fixtures';
import { settle } from '../../testing/settle';
import { StrictInstanceAccessApi } from '../../testing/strict-instance-access-api';
import { InstanceAccessApi, type InstanceDetails, type InstanceSettingsChange } from './instance-access-api';
import { InstanceSettingsDialog } from './instance-settings-dialog';

type Configure = (nodeId: string, name: string, change: InstanceSettingsChange) => Promise<InstanceDetails>;

const LIMITED = anInstance({
  limits: { memoryMiB: 64, cpus: null, cpuPercent: 50, processes: null, enforced: true, reason: null, appliesAtNextStart: false },
});

describe('InstanceSettingsDialog', () => {
  let configure: ReturnType<typeof vi.fn<Configure>>;
  let access: StrictInstanceAccessApi;
  let fixture: ComponentFixture<InstanceSettingsDialog>;
  let element: HTMLElement;
  let changed: InstanceDetails[];

  async function open(instance: ClusterInstance): Promise<void> {
    configure = vi.fn<Configure>();
    access = new StrictInstanceAccessApi({ configure });
    TestBed.configureTestingModule({ providers: [{ provide: InstanceAccessApi, useValue: access.api }] });
    fixture = TestBed.createComponent(InstanceSettingsDialog);
    fixture.componentRef.setInput('instance', instance);
    changed = [];
    fixture.componentInstance.changed.subscribe((details) => changed.push(details));
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
  }

  afterEach(() => access.verify());

  const field = (key: string) => element.querySelector<HTMLInputElement>(`[data-testid="limit-${key}"]`)!;
  const announcement = () => element.querySelector('[data-testid="settings-announcement"]')!;

  function type(key: string, value: string): void {
    field(key).value = value;
    field(key).dispatchEvent(new Event('input'));
  }

  async function save(): Promise<void> {
    element.querySelector<HTMLFormElement>('[data-testid="settings-form"]')!.requestSubmit();
    await settle(fixture);
  }

  it('starts from the instance\'s limits and autostart, and sends only what changed (an emptied limit is removed)', async () => {
    await open(LIMITED);
    expect([field('memoryMiB').value, field('cpus').value, field('cpuPercent').value, field('processes').value]).toEqual(['64', '', '50', '']);
    const now = detailsOf(anInstance({ autostart: true, limits: { ...LIMITED.limits, memoryMiB: 128, cpuPercent: null } }));
    configure.mockResolvedValue(now);
    type('memoryMiB', '128');
    type('cpuPercent', '');
    element.querySelector<HTMLInputElement>('[data-testid="settings-autostart"]')!.click();
    await save();
    expect(configure).toHaveBeenCalledWith(NODE_ID, 'web1', { limits: { memoryMiB: 128, cpuPercent: null }, autostart: true });
    expect(changed).toEqual([now]);
    expect(announcement().textContent).toBe('Saved "web1": 128 MiB, autostart on.');
  });

  it('sends nothing when nothing changed', async () => {
    await open(LIMITED);
    await save();
    expect(configure).not.toHaveBeenCalled();
    expect(announcement().textContent).toBe('Nothing to change.');
  });

  it('says when the board does not enforce a limit, or applies it at the next start', async () => {
    await open(anInstance({ state: 'RUNNING' }));
    configure.mockResolvedValue(
      detailsOf(anInstance(), {
        limits: {
          memoryMiB: 32,
          cpus: null,
          cpuPercent: null,
          processes: null,
          enforced: false,
          reason: 'the memory controller is off on this board: add cgroup_enable=memory to the kernel command line',
          appliesAtNextStart: true,
        },
      }),
    );
    type('memoryMiB', '32');
    await save();
    expect(configure).toHaveBeenCalledWith(NODE_ID, 'web1', { limits: { memoryMiB: 32 } });
    expect(announcement().textContent).toBe(
      'Saved "web1": 32 MiB, autostart off. Limit not enforced: the memory controller is off on this board: add cgroup_enable=memory to the kernel command line. It applies at the next start (the kernel would not apply it live).',
    );
    expect(announcement().classList).toContain('failure');
  });

  it("puts the manager's refusals beside their fields", async () => {
    await open(anInstance());
    configure.mockRejectedValue(new ApiError(400, 'x', ['limits.processes must not be less than 1']));
    type('processes', '0');
    await save();
    expect(element.querySelector('[data-testid="error-limits.processes"]')!.textContent).toBe('limits.processes must not be less than 1');
    expect(field('processes').getAttribute('aria-describedby')).toBe('settings-limit-processes-hint settings-limit-processes-error');
    expect(announcement().textContent).toBe('Not changed: limits.processes must not be less than 1');
    expect(changed).toEqual([]);
    expect(danglingAriaReferences(element)).toEqual([]);
  });
});
