import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { vi } from 'vitest';
import { ApiError } from '../api/api-error';
import type { ClusterInstance } from '../api/manager-api.types';
import { danglingAriaReferences } from '../../testing/aria-references';
import { anInstance, detailsOf, NODE_ID } from '../../testing/manager-fixtures';
import { settle } from '../../testing/settle';
import { StrictInstanceAccessApi } from '../../testing/strict-instance-access-api';
import { InstanceAccessApi, type InstanceDetails, type Snapshot } from './instance-access-api';
import { InstanceSnapshotsDialog } from './instance-snapshots-dialog';

type List = (nodeId: string, name: string) => Promise<Snapshot[]>;
type Take = (nodeId: string, name: string, snapshot: string) => Promise<Snapshot>;
type Restore = (nodeId: string, name: string, snapshot: string, stopFirst: boolean) => Promise<InstanceDetails>;
type Remove = (nodeId: string, name: string, snapshot: string) => Promise<void>;

const CLEAN: Snapshot = { name: 'clean', createdAt: '2026-01-12T09:30:00.000Z', sizeBytes: 1_572_864 };
const LATER: Snapshot = { name: 'later', createdAt: '2026-01-12T10:00:00.000Z', sizeBytes: null };

describe('InstanceSnapshotsDialog', () => {
  let listSnapshots: ReturnType<typeof vi.fn<List>>;
  let takeSnapshot: ReturnType<typeof vi.fn<Take>>;
  let restoreSnapshot: ReturnType<typeof vi.fn<Restore>>;
  let deleteSnapshot: ReturnType<typeof vi.fn<Remove>>;
  let access: StrictInstanceAccessApi;
  let fixture: ComponentFixture<InstanceSnapshotsDialog>;
  let element: HTMLElement;
  let restored: InstanceDetails[];

  async function open(instance: ClusterInstance, snapshots: Snapshot[] | ApiError = [CLEAN]): Promise<void> {
    listSnapshots = vi.fn<List>(async () => (snapshots instanceof ApiError ? Promise.reject(snapshots) : snapshots));
    takeSnapshot = vi.fn<Take>();
    restoreSnapshot = vi.fn<Restore>();
    deleteSnapshot = vi.fn<Remove>();
    access = new StrictInstanceAccessApi({ listSnapshots, takeSnapshot, restoreSnapshot, deleteSnapshot });
    TestBed.configureTestingModule({ providers: [{ provide: InstanceAccessApi, useValue: access.api }] });
    fixture = TestBed.createComponent(InstanceSnapshotsDialog);
    fixture.componentRef.setInput('instance', instance);
    restored = [];
    fixture.componentInstance.restored.subscribe((details) => restored.push(details));
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
  }

  afterEach(() => access.verify());

  const listed = () => [...element.querySelectorAll('[data-testid="snapshot"]')].map((item) => item.getAttribute('data-snapshot'));
  const announcement = () => element.querySelector('[data-testid="snapshots-announcement"]')!;
  const buttonOf = (snapshot: string, testid: string) =>
    element.querySelector<HTMLButtonElement>(`[data-snapshot="${snapshot}"] [data-testid="${testid}"]`)!;

  async function take(name: string): Promise<void> {
    const input = element.querySelector<HTMLInputElement>('#snapshot-name')!;
    input.value = name;
    input.dispatchEvent(new Event('input'));
    await settle(fixture);
    input.form!.requestSubmit();
    await settle(fixture);
  }

  it('lists the snapshots with when each was taken', async () => {
    await open(anInstance(), [CLEAN, LATER]);
    expect(listSnapshots).toHaveBeenCalledWith(NODE_ID, 'web1');
    expect(listed()).toEqual(['clean', 'later']);
    const created = element.querySelector('[data-snapshot="clean"] [data-testid="snapshot-created"]')!.textContent!.trim();
    expect(created).toBe(`taken ${new Date(CLEAN.createdAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}, 1.6 MB`);
    expect(element.querySelector('dialog h2')!.textContent).toBe('Snapshots of web1');
  });

  it('says so when there is no snapshot yet', async () => {
    await open(anInstance(), []);
    expect(element.querySelector('[data-testid="no-snapshots"]')!.textContent).toBe('web1 has no snapshot yet.');
  });

  it('takes a snapshot with the name typed and adds it to the list; a taken name shows beside the field', async () => {
    await open(anInstance());
    takeSnapshot.mockResolvedValueOnce(LATER);
    await take('later');
    expect(takeSnapshot).toHaveBeenCalledWith(NODE_ID, 'web1', 'later');
    expect(listed()).toEqual(['clean', 'later']);
    expect(announcement().textContent).toBe('Took snapshot "later" of "web1".');
    expect(element.querySelector<HTMLInputElement>('#snapshot-name')!.value).toBe('');

    takeSnapshot.mockRejectedValueOnce(new ApiError(409, 'Node "pi-node-1": instance "web1" already has a snapshot named "clean": choose another name, or delete that one'));
    await take('clean');
    expect(element.querySelector('[data-testid="error-snapshot-name"]')!.textContent).toBe('Node "pi-node-1": instance "web1" already has a snapshot named "clean": choose another name, or delete that one');
    expect(element.querySelector('#snapshot-name')!.getAttribute('aria-describedby')).toBe('snapshot-name-error');
    expect(announcement().textContent).toBe('No snapshot taken: Node "pi-node-1": instance "web1" already has a snapshot named "clean": choose another name, or delete that one');
    expect(announcement().classList).toContain('failure');
    expect(danglingAriaReferences(element)).toEqual([]);
  });

  it("restores a stopped instance at once and hands on the instance as restored", async () => {
    await open(anInstance());
    const details = detailsOf(anInstance());
    restoreSnapshot.mockResolvedValue(details);
    buttonOf('clean', 'restore').click();
    await settle(fixture);
    expect(restoreSnapshot).toHaveBeenCalledWith(NODE_ID, 'web1', 'clean', false);
    expect(restored).toEqual([details]);
    expect(announcement().textContent).toBe('Restored "web1" to snapshot "clean" (now STOPPED).');
  });

  it('asks before restoring a running instance, offering to stop, restore and start it again', async () => {
    await open(anInstance({ state: 'RUNNING' }));
    buttonOf('clean', 'restore').click();
    await settle(fixture);
    expect(restoreSnapshot).not.toHaveBeenCalled();
    expect(element.querySelector('[data-testid="confirm-restore"]')!.textContent).toContain('web1 is running: it must be stopped to be restored.');
    restoreSnapshot.mockResolvedValue(detailsOf(anInstance({ state: 'RUNNING' })));
    element.querySelector<HTMLButtonElement>('[data-testid="stop-restore-start"]')!.click();
    await settle(fixture);
    expect(restoreSnapshot).toHaveBeenCalledWith(NODE_ID, 'web1', 'clean', true);
    expect(element.querySelector('[data-testid="confirm-restore"]')).toBeNull();
    expect(announcement().textContent).toBe('Restored "web1" to snapshot "clean" (now RUNNING).');
  });

  it('asks the same when the manager refuses a restore because the instance started meanwhile', async () => {
    await open(anInstance());
    restoreSnapshot.mockRejectedValueOnce(new ApiError(409, 'Instance "web1" is running: stop it first, or pass stopFirst'));
    buttonOf('clean', 'restore').click();
    await settle(fixture);
    expect(announcement().textContent).toBe('Could not restore "clean": Instance "web1" is running: stop it first, or pass stopFirst');
    expect(element.querySelector('[data-testid="confirm-restore"]')).not.toBeNull();
  });

  it('deletes a snapshot, and says why when it cannot', async () => {
    await open(anInstance(), [CLEAN, LATER]);
    deleteSnapshot.mockResolvedValueOnce(undefined);
    buttonOf('clean', 'delete-snapshot').click();
    await settle(fixture);
    expect(deleteSnapshot).toHaveBeenCalledWith(NODE_ID, 'web1', 'clean');
    expect(listed()).toEqual(['later']);
    expect(announcement().textContent).toBe('Deleted snapshot "clean" of "web1".');

    deleteSnapshot.mockRejectedValueOnce(new ApiError(404, 'No instance "web1" on node "pi-node-1"'));
    buttonOf('later', 'delete-snapshot').click();
    await settle(fixture);
    expect(listed()).toEqual(['later']);
    expect(announcement().textContent).toBe('Could not delete "later": No instance "web1" on node "pi-node-1"');
  });

  it('says why the snapshots cannot be read (another member\'s instance is a 404)', async () => {
    await open(anInstance(), new ApiError(404, 'No instance "web1" on node "pi-node-1"'));
    expect(element.querySelector('[data-testid="snapshots-error"]')!.textContent).toBe(
      'Could not read the snapshots: No instance "web1" on node "pi-node-1"',
    );
  });
});
