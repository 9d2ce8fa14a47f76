import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { vi } from 'vitest';
import { ApiError } from '../api/api-error';
import { ManagerApi } from '../api/manager-api';
import type { ClusterInstance, CreateInstanceRequest, InstanceAction, Operation, OperationStatus } from '../api/manager-api.types';
import { LiveEvents } from '../live/live-events';
import { deferred } from '../../testing/deferred';
import { FakeLiveEvents } from '../../testing/fake-live-events';
import { aNode, anAdmin, anInstance, anOperation, aUser, detailsOf, endOf, NODE_ID, operationEvent } from '../../testing/manager-fixtures';
import { signInAs } from '../../testing/signed-in';
import { Session } from '../session/session';
import { settle } from '../../testing/settle';
import { StrictManagerApi } from '../../testing/strict-manager-api';
import { StrictImagesApi } from '../../testing/strict-images-api';
import { StrictInstanceAccessApi } from '../../testing/strict-instance-access-api';
import { ImagesApi } from '../images/images-api';
import { InstanceAccessApi, type InstanceDetails, type InstanceSettingsChange, type PortForward, type Snapshot } from './instance-access-api';
import { InstanceList } from './instance-list';

type Act = (nodeId: string, name: string, action: InstanceAction) => Promise<Operation>;
type Rename = (nodeId: string, name: string, newName: string) => Promise<Operation>;
type Remove = (nodeId: string, name: string, force: boolean) => Promise<Operation>;
type Create = (request: CreateInstanceRequest) => Promise<Operation>;
type ListOperations = (query: { status?: OperationStatus }) => Promise<Operation[]>;
type ReadOperation = (id: string) => Promise<Operation>;
type ListPorts = (nodeId: string, name: string) => Promise<PortForward[]>;
type ListSnapshots = (nodeId: string, name: string) => Promise<Snapshot[]>;
type RestoreSnapshot = (nodeId: string, name: string, snapshot: string, stopFirst: boolean) => Promise<InstanceDetails>;
type Configure = (nodeId: string, name: string, change: InstanceSettingsChange) => Promise<InstanceDetails>;

const WEB1 = anInstance();
const DB1 = anInstance({ id: 'db1', name: 'db1', state: 'RUNNING', ipv4: ['10.0.3.12', '10.0.3.13'], owner: 'alice' });

describe('InstanceList', () => {
  let api: StrictManagerApi;
  let live: FakeLiveEvents;
  let actOnInstance: ReturnType<typeof vi.fn<Act>>;
  let renameInstance: ReturnType<typeof vi.fn<Rename>>;
  let deleteInstance: ReturnType<typeof vi.fn<Remove>>;
  let createInstance: ReturnType<typeof vi.fn<Create>>;
  let listOperations: ReturnType<typeof vi.fn<ListOperations>>;
  let readOperation: ReturnType<typeof vi.fn<ReadOperation>>;
  let listPorts: ReturnType<typeof vi.fn<ListPorts>>;
  let listInstances: ReturnType<typeof vi.fn<() => Promise<ClusterInstance[]>>>;
  let listSnapshots: ReturnType<typeof vi.fn<ListSnapshots>>;
  let restoreSnapshot: ReturnType<typeof vi.fn<RestoreSnapshot>>;
  let configure: ReturnType<typeof vi.fn<Configure>>;
  let access: StrictInstanceAccessApi;
  let images: StrictImagesApi;
  let fixture: ComponentFixture<InstanceList>;
  let element: HTMLElement;

  async function render(running: Operation[] = []): Promise<void> {
    listOperations.mockResolvedValueOnce(running);
    fixture = TestBed.createComponent(InstanceList);
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
  }

  beforeEach(() => {
    actOnInstance = vi.fn<Act>();
    renameInstance = vi.fn<Rename>();
    deleteInstance = vi.fn<Remove>();
    createInstance = vi.fn<Create>();
    listOperations = vi.fn<ListOperations>();
    readOperation = vi.fn<ReadOperation>();
    listPorts = vi.fn<ListPorts>(async () => []);
    listInstances = vi.fn(async () => [WEB1, DB1]);
    listSnapshots = vi.fn<ListSnapshots>();
    restoreSnapshot = vi.fn<RestoreSnapshot>();
    configure = vi.fn<Configure>();
    access = new StrictInstanceAccessApi({ listPorts, listSnapshots, restoreSnapshot, configure });
    images = new StrictImagesApi({ list: async () => [] });
    api = new StrictManagerApi({
      listInstances,
      listNodes: async () => [aNode()],
      listOperations,
      operation: readOperation,
      actOnInstance,
      renameInstance,
      deleteInstance,
      createInstance,
    });
    live = new FakeLiveEvents();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: ManagerApi, useValue: api.api },
        { provide: InstanceAccessApi, useValue: access.api },
        { provide: ImagesApi, useValue: images.api },
        { provide: LiveEvents, useValue: live.asLiveEvents() },
      ],
    });
    signInAs(anAdmin());
  });

  afterEach(() => {
    api.verify();
    access.verify();
    images.verify();
  });

  const row = (name: string) => element.querySelector<HTMLElement>(`tr[data-instance="${name}"]`)!;
  const unlistedRow = (name: string) => element.querySelector<HTMLElement>(`tr[data-unlisted="${name}"]`);
  const button = (name: string, action: string) => row(name).querySelector<HTMLButtonElement>(`[data-testid="${action}"]`)!;
  const cells = (target: HTMLElement) => [...target.querySelectorAll('td')].slice(0, 6).map((cell) => cell.textContent!.trim());
  const operationOn = (target: HTMLElement) => target.querySelector('[data-testid="instance-operation"]')?.textContent?.trim() ?? null;
  const rowError = (target: HTMLElement) => target.querySelector('[data-testid="row-error"]')?.textContent ?? null;
  const announcement = () => element.querySelector<HTMLElement>('[data-testid="instances-announcement"]')!;
  const names = () => [...element.querySelectorAll('tbody tr[data-key]')].map((tr) => tr.getAttribute('data-instance') ?? tr.getAttribute('data-unlisted'));

  async function end(operation: Operation, how: Parameters<typeof endOf>[1]): Promise<void> {
    live.emit(operationEvent(endOf(operation, how)));
    await settle(fixture);
  }

  async function typeNewName(name: string, newName: string): Promise<void> {
    const input = row(name).querySelector<HTMLInputElement>('form.rename input')!;
    input.value = newName;
    input.dispatchEvent(new Event('input'));
    input.form!.requestSubmit();
    await settle(fixture);
  }

  it("shows a teacher (admin) each instance's owner; a member's list has no owner column (all are theirs)", async () => {
    await render();
    expect([...element.querySelectorAll('th')].map((th) => th.textContent!.trim())).toContain('Owner');
    expect(row('db1').querySelector('[data-testid="instance-owner"]')!.textContent!.trim()).toBe('alice');
    expect(row('web1').querySelector('[data-testid="instance-owner"]')!.textContent!.trim()).toBe('admin');
    TestBed.inject(Session).signedIn({ user: aUser(), csrfToken: 'c' });
    await settle(fixture);
    expect([...element.querySelectorAll('th')].map((th) => th.textContent!.trim())).not.toContain('Owner');
    expect(element.querySelector('[data-testid="instance-owner"]')).toBeNull();
    expect(element.querySelector('h1')!.textContent).toBe('Your instances');
  });

  it('lists ID, host, name, owner, state and addresses of every instance, sorted by node then name', async () => {
    await render();
    expect(names()).toEqual(['db1', 'web1']);
    expect(cells(row('db1'))).toEqual(['db1', 'pi-node-1', 'db1', 'alice', 'RUNNING', '10.0.3.12, 10.0.3.13']);
    expect(cells(row('web1'))).toEqual(['web1', 'pi-node-1', 'web1', 'admin', 'STOPPED', '—']);
    expect(button('db1', 'start-stop').textContent).toContain('Stop');
    expect(button('web1', 'start-stop').textContent).toContain('Start');
    expect(listOperations).toHaveBeenCalledWith({ status: 'running' });
  });

  it('starts an instance as an operation: the row shows it at once, busy, until its event says it is done', async () => {
    await render();
    const started = anOperation({ action: 'start' });
    actOnInstance.mockResolvedValue(started);
    button('web1', 'start-stop').click();
    await settle(fixture);
    expect(actOnInstance).toHaveBeenCalledWith(NODE_ID, 'web1', 'start');
    expect(operationOn(row('web1'))).toBe('starting…');
    expect(button('web1', 'start-stop').getAttribute('aria-disabled')).toBe('true');
    expect(button('web1', 'start-stop').textContent).toContain('Starting…');
    expect(button('web1', 'rename').getAttribute('aria-disabled')).toBe('true');
    expect(button('web1', 'delete').getAttribute('aria-disabled')).toBe('true');
    expect(button('db1', 'start-stop').getAttribute('aria-disabled')).toBeNull();
    expect(announcement().textContent).toBe('Starting "web1" on "pi-node-1"…');

    // Pressed again while busy: nothing is sent.
    button('web1', 'start-stop').click();
    expect(actOnInstance).toHaveBeenCalledTimes(1);

    await end(started, { result: detailsOf(WEB1, { state: 'RUNNING', ipv4: ['10.0.3.20'], pid: 4242 }) });
    expect(cells(row('web1'))).toEqual(['web1', 'pi-node-1', 'web1', 'admin', 'RUNNING', '10.0.3.20']);
    expect(operationOn(row('web1'))).toBeNull();
    expect(button('web1', 'start-stop').getAttribute('aria-disabled')).toBeNull();
    expect(button('web1', 'start-stop').textContent).toContain('Stop');
    expect(announcement().textContent).toBe('Started "web1" on "pi-node-1" (now RUNNING).');
    // The end came from the stream: no request was kept open or sent for it.
    expect(readOperation).not.toHaveBeenCalled();
  });

  it('is busy from the press on, while the manager has not yet accepted the change', async () => {
    await render();
    const answer = deferred<Operation>();
    actOnInstance.mockReturnValue(answer.promise);
    button('db1', 'start-stop').click();
    await settle(fixture);
    expect(button('db1', 'start-stop').getAttribute('aria-disabled')).toBe('true');
    expect(button('db1', 'start-stop').textContent).toContain('Stopping…');
    answer.resolve(anOperation({ instance: 'db1' }));
    await settle(fixture);
    expect(operationOn(row('db1'))).toBe('stopping…');
    expect(button('db1', 'start-stop').getAttribute('aria-disabled')).toBe('true');
  });

  it("shows an operation's failure beside the row with what the manager learnt, and announces it", async () => {
    await render();
    const stop = anOperation({ instance: 'db1' });
    actOnInstance.mockResolvedValue(stop);
    button('db1', 'start-stop').click();
    await settle(fixture);
    live.emit(
      operationEvent({
        ...endOf(stop, { error: { statusCode: 504, message: 'Node "pi-node-1": lxc-stop timed out' } }),
        note: "the node's answer was lost (socket hang up); re-read: the instance is RUNNING",
      }),
    );
    await settle(fixture);
    const message = 'Node "pi-node-1": lxc-stop timed out (the node\'s answer was lost (socket hang up); re-read: the instance is RUNNING)';
    expect(rowError(row('db1'))).toBe(message);
    expect(announcement().textContent).toBe(`Could not stop "db1": ${message}`);
    expect(announcement().classList).toContain('failure');
    expect(cells(row('db1'))[4]).toBe('RUNNING');
    expect(button('db1', 'start-stop').getAttribute('aria-disabled')).toBeNull();
  });

  it('shows a refusal the manager gives at once (an UNREACHABLE node) beside the row', async () => {
    await render();
    actOnInstance.mockRejectedValue(new ApiError(503, 'Node "pi-node-1" is UNREACHABLE (last error: no answer within 1500 ms)'));
    button('db1', 'start-stop').click();
    await settle(fixture);
    expect(rowError(row('db1'))).toBe('Node "pi-node-1" is UNREACHABLE (last error: no answer within 1500 ms)');
    expect(announcement().textContent).toBe('Could not stop "db1": Node "pi-node-1" is UNREACHABLE (last error: no answer within 1500 ms)');
    expect(button('db1', 'start-stop').getAttribute('aria-disabled')).toBeNull();
  });

  it('deletes only after a confirmation that names the instance, forcing a running one, and drops the row once it is done', async () => {
    await render();
    const deleting = anOperation({ action: 'delete', instance: 'db1' });
    deleteInstance.mockResolvedValue(deleting);
    button('db1', 'delete').click();
    await settle(fixture);
    const dialog = element.querySelector<HTMLDialogElement>('dialog')!;
    expect(dialog.querySelector('h2')!.textContent).toBe('Delete instance db1?');
    expect(dialog.querySelector('[data-testid="confirm-text"]')!.textContent).toContain('Delete db1 on pi-node-1?');
    expect(dialog.textContent).toContain('It is RUNNING: it will be stopped first.');
    expect(deleteInstance).not.toHaveBeenCalled();

    dialog.querySelector<HTMLButtonElement>('[data-testid="confirm-delete"]')!.click();
    await settle(fixture);
    expect(deleteInstance).toHaveBeenCalledWith(NODE_ID, 'db1', true);
    expect(element.querySelector('dialog')).toBeNull();
    expect(operationOn(row('db1'))).toBe('deleting…');
    expect(button('db1', 'delete').textContent).toContain('Deleting…');

    await end(deleting, { result: null });
    expect(row('db1')).toBeNull();
    expect(announcement().textContent).toBe('Deleted "db1" on "pi-node-1".');
  });

  it('takes the end of an operation the stream told before the manager answered the request', async () => {
    await render();
    const deleting = anOperation({ action: 'delete' });
    const answer = deferred<Operation>();
    deleteInstance.mockReturnValue(answer.promise);
    button('web1', 'delete').click();
    await settle(fixture);
    element.querySelector<HTMLButtonElement>('dialog [data-testid="confirm-delete"]')!.click();
    await settle(fixture);
    // A delete of a stopped container takes milliseconds: its end can come first.
    live.emit(operationEvent(endOf(deleting, { result: null })));
    answer.resolve(deleting);
    await settle(fixture);
    expect(row('web1')).toBeNull();
    expect(announcement().textContent).toBe('Deleted "web1" on "pi-node-1".');
  });

  it('keeps the instance when the confirmation is declined', async () => {
    await render();
    button('web1', 'delete').click();
    await settle(fixture);
    [...element.querySelectorAll<HTMLButtonElement>('dialog button')].find((b) => b.textContent!.includes('Keep it'))!.click();
    await settle(fixture);
    expect(element.querySelector('dialog')).toBeNull();
    expect(deleteInstance).not.toHaveBeenCalled();
    expect(row('web1')).not.toBeNull();
  });

  it('renames inline; a refusal from the node stays beside the row with the form, and a retry succeeds', async () => {
    await render();
    const refused = anOperation({ action: 'rename' });
    renameInstance.mockResolvedValueOnce(refused);
    button('web1', 'rename').click();
    await settle(fixture);
    expect(document.activeElement).toBe(row('web1').querySelector('form.rename input'));
    await typeNewName('web1', 'db1');
    expect(renameInstance).toHaveBeenCalledWith(NODE_ID, 'web1', 'db1');
    expect(announcement().textContent).toBe('Renaming "web1" to "db1" on "pi-node-1"…');
    expect(row('web1').querySelector('form.rename button[type="submit"]')!.getAttribute('aria-disabled')).toBe('true');
    await end(refused, { error: { statusCode: 409, message: 'Node "pi-node-1": An instance named "db1" already exists' } });
    expect(rowError(row('web1'))).toBe('Node "pi-node-1": An instance named "db1" already exists');
    expect(row('web1').querySelector('form.rename')).not.toBeNull();

    const renamed = anOperation({ action: 'rename' });
    renameInstance.mockResolvedValueOnce(renamed);
    await typeNewName('web1', 'www');
    expect(rowError(row('web1'))).toBeNull();
    await end(renamed, { result: detailsOf(anInstance({ id: 'www', name: 'www' })) });
    expect(renameInstance).toHaveBeenLastCalledWith(NODE_ID, 'web1', 'www');
    expect(row('web1')).toBeNull();
    expect(cells(row('www'))).toEqual(['www', 'pi-node-1', 'www', 'admin', 'STOPPED', '—']);
    expect(announcement().textContent).toBe('Renamed "web1" to "www" on "pi-node-1".');
  });

  it('shows a renamed instance once when the live list arrives before the end of the rename', async () => {
    await render();
    const renamed = anOperation({ action: 'rename' });
    renameInstance.mockResolvedValue(renamed);
    button('web1', 'rename').click();
    await settle(fixture);
    await typeNewName('web1', 'www');
    live.emit({
      type: 'instances',
      at: '2025-01-01T10:00:00.000Z',
      nodeId: NODE_ID,
      nodeName: 'pi-node-1',
      instances: [
        { id: 'db1', name: 'db1', state: 'RUNNING', ipv4: [], limits: anInstance().limits, autostart: false, owner: 'admin' },
        { id: 'www', name: 'www', state: 'STOPPED', ipv4: [], limits: anInstance().limits, autostart: false, owner: 'admin' },
      ],
    });
    await end(renamed, { result: detailsOf(anInstance({ id: 'www', name: 'www' })) });
    expect(names()).toEqual(['db1', 'www']);
  });

  describe('operations begun elsewhere', () => {
    it('shows the ones already running when the page loads on their rows, busy, and their results as they end', async () => {
      const stopping = anOperation({ instance: 'db1' });
      await render([stopping]);
      expect(operationOn(row('db1'))).toBe('stopping…');
      expect(button('db1', 'start-stop').getAttribute('aria-disabled')).toBe('true');
      expect(button('db1', 'delete').getAttribute('aria-disabled')).toBe('true');
      expect(operationOn(row('web1'))).toBeNull();

      await end(stopping, { result: detailsOf(DB1, { state: 'STOPPED', ipv4: [] }) });
      expect(operationOn(row('db1'))).toBeNull();
      expect(cells(row('db1'))[4]).toBe('STOPPED');
      expect(button('db1', 'start-stop').getAttribute('aria-disabled')).toBeNull();
      // Not this page's: its end changes the row, and is not announced as if it were.
      expect(announcement().hidden).toBe(true);
    });

    it('shows one that starts while the page is open, from its event', async () => {
      await render();
      live.emit(operationEvent(anOperation({ action: 'restart', instance: 'db1' })));
      await settle(fixture);
      expect(operationOn(row('db1'))).toBe('restarting…');
      expect(button('db1', 'start-stop').textContent).toContain('Restarting…');
    });

    it('lists the running ones again after the stream was lost, and reads the end of its own that ended meanwhile', async () => {
      await render();
      const stop = anOperation({ instance: 'db1' });
      actOnInstance.mockResolvedValue(stop);
      button('db1', 'start-stop').click();
      await settle(fixture);
      const elsewhere = anOperation({ instance: 'web1', action: 'start' });
      live.emit(operationEvent(elsewhere));

      // The stream dropped: both ended unseen, and another one began meanwhile.
      const begun = anOperation({ action: 'create', instance: 'web9', placement: null });
      listOperations.mockResolvedValueOnce([begun]);
      readOperation.mockImplementation(async (id) =>
        id === stop.id
          ? endOf(stop, { result: detailsOf(DB1, { state: 'STOPPED', ipv4: [] }) })
          : endOf(elsewhere, { result: detailsOf(WEB1, { state: 'RUNNING' }) }),
      );
      live.resume();
      await settle(fixture);
      expect(listOperations).toHaveBeenLastCalledWith({ status: 'running' });
      expect(readOperation.mock.calls.map(([id]) => id).sort()).toEqual([stop.id, elsewhere.id].sort());
      expect(operationOn(row('db1'))).toBeNull();
      expect(operationOn(row('web1'))).toBeNull();
      expect(announcement().textContent).toBe('Stopped "db1" on "pi-node-1" (now STOPPED).');
      expect(operationOn(unlistedRow('web9')!)).toBe('creating on pi-node-1…');
    });

    it('ends an operation the manager no longer knows after a drop (it restarted), saying so on the row', async () => {
      await render();
      const stop = anOperation({ instance: 'db1' });
      actOnInstance.mockResolvedValue(stop);
      button('db1', 'start-stop').click();
      await settle(fixture);
      listOperations.mockResolvedValueOnce([]);
      readOperation.mockRejectedValue(new ApiError(404, `No operation with id "${stop.id}"`));
      live.resume();
      await settle(fixture);
      expect(operationOn(row('db1'))).toBeNull();
      expect(rowError(row('db1'))).toContain('The manager no longer knows this operation');
      expect(announcement().classList).toContain('failure');
    });
  });

  describe('create', () => {
    async function createFromDialog(name: string, operation: Operation): Promise<void> {
      createInstance.mockResolvedValue(operation);
      element.querySelector<HTMLButtonElement>('[data-testid="new-instance"]')!.click();
      await settle(fixture);
      const input = element.querySelector<HTMLInputElement>('#instance-name')!;
      input.value = name;
      input.dispatchEvent(new Event('input'));
      input.form!.requestSubmit();
      await settle(fixture);
    }

    const placed = (instance: string) =>
      anOperation({
        action: 'create',
        instance,
        placement: {
          formula: 'score = cpuPercent + memoryPercent + 10 × (runningInstances + reservedInstances); lower wins',
          candidates: [
            { nodeId: NODE_ID, nodeName: 'pi-node-1', score: 53.8, cpuPercent: 12.5, memoryPercent: 41.3, runningInstances: 0, totalInstances: 2, reservedInstances: 0, imageCached: null },
            { nodeId: '7a2b3c4d-1e2f-4a5b-8c6d-9e0f1a2b3c4d', nodeName: 'pi-node-2', score: 90, cpuPercent: 50, memoryPercent: 40, runningInstances: 0, totalInstances: 0, reservedInstances: 0, imageCached: null },
          ],
        },
      });

    it('shows a row of its own at once, "creating on" its node with the placement, then the instance', async () => {
      await render();
      const creating = placed('web2');
      await createFromDialog('web2', creating);
      expect(element.querySelector('dialog')).toBeNull();
      const placeholder = unlistedRow('web2')!;
      expect(names()).toEqual(['db1', 'web1', 'web2']);
      expect(operationOn(placeholder)).toBe('creating on pi-node-1…');
      expect(placeholder.querySelector('[data-testid="instance-placement"]')!.textContent).toBe(
        'Placed automatically on "pi-node-1", the least loaded node (score 53.8, against 1 other node).',
      );
      expect(placeholder.querySelector('[data-testid="start-stop"]')!.getAttribute('aria-disabled')).toBe('true');
      expect(placeholder.querySelector('[data-testid="start-stop"]')!.textContent).toContain('Creating…');
      expect(announcement().textContent).toBe(
        'Creating "web2" on "pi-node-1"… Placed automatically on "pi-node-1", the least loaded node (score 53.8, against 1 other node).',
      );

      await end(creating, { result: detailsOf(anInstance({ id: 'web2', name: 'web2' })) });
      expect(unlistedRow('web2')).toBeNull();
      expect(cells(row('web2'))).toEqual(['web2', 'pi-node-1', 'web2', 'admin', 'STOPPED', '—']);
      expect(button('web2', 'start-stop').getAttribute('aria-disabled')).toBeNull();
      expect(announcement().textContent).toMatch(/^Created "web2" on "pi-node-1" \(STOPPED\)\. Placed automatically/);
    });

    it('keeps a failed create on its row with the error until it is dismissed, then focus goes to the row in its place', async () => {
      await render();
      const creating = anOperation({ action: 'create', instance: 'web3' });
      await createFromDialog('web3', creating);
      await end(creating, { error: { statusCode: 503, message: 'Node "pi-node-1": LXC is not usable on this node' } });
      const failed = unlistedRow('web3')!;
      expect(cells(failed)).toEqual(['—', 'pi-node-1', 'web3', 'admin', 'NOT CREATED', '—']);
      expect(rowError(failed)).toBe('Node "pi-node-1": LXC is not usable on this node');
      expect(announcement().textContent).toBe('Could not create "web3": Node "pi-node-1": LXC is not usable on this node');

      const dismiss = failed.querySelector<HTMLButtonElement>('[data-testid="dismiss"]')!;
      dismiss.focus();
      dismiss.click();
      await settle(fixture);
      expect(unlistedRow('web3')).toBeNull();
      expect(document.activeElement).toBe(row('web1'));
    });

    it('puts the refusal of a name already taken on the row of the instance that has it', async () => {
      await render();
      const twin = anOperation({ action: 'create', instance: 'web1' });
      await createFromDialog('web1', twin);
      expect(unlistedRow('web1')).toBeNull();
      expect(operationOn(row('web1'))).toBe('creating on pi-node-1…');
      await end(twin, { error: { statusCode: 409, message: 'Node "pi-node-1": An instance named "web1" already exists' } });
      expect(names()).toEqual(['db1', 'web1']);
      expect(rowError(row('web1'))).toBe('Node "pi-node-1": An instance named "web1" already exists');
      expect(cells(row('web1'))[4]).toBe('STOPPED');
    });
  });

  describe('focus', () => {
    const focusOn = (target: HTMLElement) => {
      target.focus();
      expect(document.activeElement).toBe(target);
    };

    async function confirmDeleteOf(name: string): Promise<void> {
      const deleting = anOperation({ action: 'delete', instance: name });
      deleteInstance.mockResolvedValueOnce(deleting);
      focusOn(button(name, 'delete'));
      button(name, 'delete').click();
      await settle(fixture);
      element.querySelector<HTMLButtonElement>('dialog [data-testid="confirm-delete"]')!.click();
      await settle(fixture);
      await end(deleting, { result: null });
    }

    beforeEach(() => render());

    it('stays on the start button while the instance starts, and it is then the stop button', async () => {
      const started = anOperation({ action: 'start' });
      actOnInstance.mockResolvedValue(started);
      focusOn(button('web1', 'start-stop'));
      button('web1', 'start-stop').click();
      await settle(fixture);
      expect(document.activeElement).toBe(button('web1', 'start-stop'));
      expect(operationOn(row('web1'))).toBe('starting…');

      await end(started, { result: detailsOf(WEB1, { state: 'RUNNING' }) });
      expect(document.activeElement).toBe(button('web1', 'start-stop'));
      expect(document.activeElement!.textContent).toContain('Stop');
    });

    it('opens the delete confirmation on "Keep it", and gives focus back to the Delete button when it is declined', async () => {
      focusOn(button('web1', 'delete'));
      button('web1', 'delete').click();
      await settle(fixture);
      expect(document.activeElement!.textContent!.trim()).toBe('Keep it');
      (document.activeElement as HTMLButtonElement).click();
      await settle(fixture);
      expect(document.activeElement).toBe(button('web1', 'delete'));
    });

    it('goes to the row now in the place of a deleted one, and to "New instance" once no row is left', async () => {
      await confirmDeleteOf('db1');
      expect(deleteInstance).toHaveBeenCalledWith(NODE_ID, 'db1', true);
      expect(document.activeElement).toBe(row('web1'));

      await confirmDeleteOf('web1');
      expect(element.querySelectorAll('[data-testid="instance-row"]')).toHaveLength(0);
      expect(document.activeElement).toBe(element.querySelector('[data-testid="new-instance"]'));
    });

    it('goes to the row before a deleted last row', async () => {
      await confirmDeleteOf('web1');
      expect(document.activeElement).toBe(row('db1'));
    });

    it('goes to the row in its place when the live stream removes the row that has it', async () => {
      focusOn(button('db1', 'rename'));
      live.emit({
        type: 'instances',
        at: '2025-01-01T10:00:00.000Z',
        nodeId: NODE_ID,
        nodeName: 'pi-node-1',
        instances: [{ id: 'web1', name: 'web1', state: 'STOPPED', ipv4: [], limits: anInstance().limits, autostart: false, owner: 'admin' }],
      });
      await settle(fixture);
      expect(document.activeElement).toBe(row('web1'));
    });

    it('goes back to the Rename button when a rename is cancelled, by Escape or by Cancel', async () => {
      focusOn(button('web1', 'rename'));
      button('web1', 'rename').click();
      await settle(fixture);
      const input = row('web1').querySelector<HTMLInputElement>('form.rename input')!;
      expect(document.activeElement).toBe(input);
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
      await settle(fixture);
      expect(row('web1').querySelector('form.rename')).toBeNull();
      expect(document.activeElement).toBe(button('web1', 'rename'));

      button('web1', 'rename').click();
      await settle(fixture);
      const cancel = [...row('web1').querySelectorAll<HTMLButtonElement>('form.rename button')].find((b) => b.textContent!.trim() === 'Cancel')!;
      focusOn(cancel);
      cancel.click();
      await settle(fixture);
      expect(document.activeElement).toBe(button('web1', 'rename'));
    });

    it("goes to the renamed row's Rename button once the rename is done", async () => {
      const renamed = anOperation({ action: 'rename' });
      renameInstance.mockResolvedValue(renamed);
      button('web1', 'rename').click();
      await settle(fixture);
      await typeNewName('web1', 'www');
      expect(document.activeElement).toBe(row('web1').querySelector('form.rename input'));
      await end(renamed, { result: detailsOf(anInstance({ id: 'www', name: 'www' })) });
      expect(row('web1')).toBeNull();
      expect(document.activeElement).toBe(button('www', 'rename'));
    });

    it('gives focus back to "New instance" when the create dialog is cancelled, or once it was accepted', async () => {
      const newInstance = element.querySelector<HTMLButtonElement>('[data-testid="new-instance"]')!;
      focusOn(newInstance);
      newInstance.click();
      await settle(fixture);
      expect(document.activeElement).toBe(element.querySelector('#instance-name'));
      [...element.querySelectorAll<HTMLButtonElement>('dialog button')].find((b) => b.textContent!.trim() === 'Cancel')!.click();
      await settle(fixture);
      expect(element.querySelector('dialog')).toBeNull();
      expect(document.activeElement).toBe(newInstance);

      createInstance.mockResolvedValue(anOperation({ action: 'create', instance: 'web4' }));
      newInstance.click();
      await settle(fixture);
      const input = element.querySelector<HTMLInputElement>('#instance-name')!;
      input.value = 'web4';
      input.dispatchEvent(new Event('input'));
      input.form!.requestSubmit();
      await settle(fixture);
      expect(element.querySelector('dialog')).toBeNull();
      expect(document.activeElement).toBe(newInstance);
    });
  });

  it("follows a node's new instance list from the live stream", async () => {
    await render();
    live.emit({
      type: 'instances',
      at: '2025-01-01T10:00:00.000Z',
      nodeId: NODE_ID,
      nodeName: 'pi-node-1',
      instances: [{ id: 'web1', name: 'web1', state: 'RUNNING', ipv4: ['10.0.3.5'], limits: anInstance().limits, autostart: false, owner: 'admin' }],
    });
    await settle(fixture);
    expect(row('db1')).toBeNull();
    expect(cells(row('web1'))).toEqual(['web1', 'pi-node-1', 'web1', 'admin', 'RUNNING', '10.0.3.5']);
  });
  it('offers a Terminal link on running instances only, to the terminal page of the instance', async () => {
    await render();
    const link = row('db1').querySelector<HTMLAnchorElement>('a[data-testid="terminal"]')!;
    expect(link.getAttribute('href')).toBe(`/instances/${NODE_ID}/db1/terminal`);
    expect(link.textContent!.replace(/\s+/g, ' ').trim()).toBe('Terminal of db1');
    expect(row('web1').querySelector('[data-testid="terminal"]')).toBeNull();

    // Not while a change of it is on its way: a stop would end the session at once.
    actOnInstance.mockResolvedValue(anOperation({ action: 'stop', instance: 'db1' }));
    button('db1', 'start-stop').click();
    await settle(fixture);
    expect(row('db1').querySelector('[data-testid="terminal"]')).toBeNull();
  });

  it("shows each instance's CPU and memory, keeps them across live lists, and follows each poll's figures without reading the list again", async () => {
    listInstances.mockResolvedValue([WEB1, { ...DB1, cpuPercent: 2.5, memoryBytes: 1_843_200 }]);
    await render();
    const figures = (name: string) => [
      row(name).querySelector('[data-testid="instance-cpu"]')!.textContent!.trim(),
      row(name).querySelector('[data-testid="instance-memory"]')!.textContent!.trim(),
    ];
    expect(figures('db1')).toEqual(['2.5 %', '2 MB']);
    expect(figures('web1')).toEqual(['—', '—']);

    // A live list carries no figures: the last ones stay.
    live.emit({
      type: 'instances',
      at: '2025-01-01T10:00:01.000Z',
      nodeId: NODE_ID,
      nodeName: 'pi-node-1',
      instances: [
        { id: 'db1', name: 'db1', state: 'RUNNING', ipv4: DB1.ipv4, limits: DB1.limits, autostart: false, owner: 'alice' },
        { id: 'web1', name: 'web1', state: 'STOPPED', ipv4: [], limits: WEB1.limits, autostart: false, owner: 'admin' },
      ],
    });
    await settle(fixture);
    expect(figures('db1')).toEqual(['2.5 %', '2 MB']);

    // Each poll's node-usage event brings the running instances' figures; another node's change nothing here.
    live.emit({
      type: 'node-usage',
      at: '2025-01-01T10:00:02.000Z',
      node: aNode(),
      instanceFigures: [{ name: 'db1', cpuPercent: 7.25, memoryBytes: 31_000_000 }],
    });
    live.emit({
      type: 'node-usage',
      at: '2025-01-01T10:00:02.000Z',
      node: aNode({ id: '7a2b3c4d-1e2f-4a5b-8c6d-9e0f1a2b3c4d', name: 'pi-node-2' }),
      instanceFigures: [{ name: 'db1', cpuPercent: 99, memoryBytes: 1 }],
    });
    await settle(fixture);
    expect(figures('db1')).toEqual(['7.3 %', '31 MB']);
    expect(figures('web1')).toEqual(['—', '—']);
    expect(listInstances).toHaveBeenCalledTimes(1);
  });

  it('shows the forwards of running instances in the ports column: http:// ones as links to a new tab, others as text', async () => {
    listPorts.mockImplementation(async (_nodeId, name) =>
      name === 'db1'
        ? [
            { hostPort: 20022, containerPort: 22, protocol: 'tcp', url: 'tcp://10.0.0.21:20022' },
            { hostPort: 20080, containerPort: 80, protocol: 'tcp', url: 'http://10.0.0.21:20080' },
          ]
        : [],
    );
    await render();
    expect(listPorts.mock.calls).toEqual([[NODE_ID, 'db1']]);
    const cell = row('db1').querySelector('[data-testid="instance-ports"]')!;
    const link = cell.querySelector<HTMLAnchorElement>('a[data-testid="port-link"]')!;
    expect(link.getAttribute('href')).toBe('http://10.0.0.21:20080');
    expect(link.target).toBe('_blank');
    expect(link.rel).toBe('noopener noreferrer');
    expect(cell.querySelector('[data-testid="port-address"]')!.textContent).toBe('tcp://10.0.0.21:20022');
    expect(cell.querySelectorAll('a')).toHaveLength(1);
    expect(row('web1').querySelector('[data-testid="instance-ports"]')!.textContent!.trim()).toBe('—');
  });

  it('opens the ports dialog of an instance from its row', async () => {
    await render();
    row('web1').querySelector<HTMLButtonElement>('[data-testid="ports"]')!.click();
    await settle(fixture);
    expect(element.querySelector('dialog h2')!.textContent).toBe('Ports of web1');
    expect(listPorts).toHaveBeenCalledWith(NODE_ID, 'web1');
  });

  describe('issue 14: limits, downloads, snapshots, settings', () => {
    /** The dialog's code is a chunk of its own, imported when the button is pressed; it opens beside the list. */
    async function openedDialog(): Promise<void> {
      await vi.waitFor(async () => {
        await settle(fixture);
        expect(document.querySelector('dialog')).not.toBeNull();
      });
      await settle(fixture);
    }

    const LIMITED = anInstance({
      id: 'lab1',
      name: 'lab1',
      autostart: true,
      limits: {
        memoryMiB: 32,
        cpus: null,
        cpuPercent: null,
        processes: 64,
        enforced: false,
        reason: 'the memory controller is off on this board: add cgroup_enable=memory to the kernel command line',
        appliesAtNextStart: false,
      },
    });

    it('shows an instance\'s limits, "limit not enforced: <reason>" when the board cannot, and autostart', async () => {
      listInstances.mockResolvedValue([WEB1, LIMITED]);
      await render();
      const lab = row('lab1');
      expect(lab.querySelector('[data-testid="instance-limits"]')!.textContent).toBe('Limits: 32 MiB, 64 processes');
      expect(lab.querySelector('[data-testid="limit-not-enforced"]')!.textContent).toBe(
        'limit not enforced: the memory controller is off on this board: add cgroup_enable=memory to the kernel command line',
      );
      expect(lab.querySelector('[data-testid="instance-autostart"]')!.textContent).toBe('Starts with its node');
      expect(row('web1').querySelector('[data-testid="instance-limits"]')).toBeNull();
      expect(row('web1').querySelector('[data-testid="limit-not-enforced"]')).toBeNull();
    });

    it("shows a create's image download on its row as the operation's progress moves", async () => {
      const creating = anOperation({ action: 'create', instance: 'lab2', image: 'lab1' });
      await render([creating]);
      const download = () => unlistedRow('lab2')!.querySelector('[data-testid="instance-download"]')?.textContent ?? null;
      expect(download()).toBeNull();
      live.emit(
        operationEvent({
          ...creating,
          progress: { phase: 'sending lab1 to pi-node-1', bytes: 21_000_000, totalBytes: 50_000_000, percent: 42, nodeName: 'pi-node-1' },
        }),
      );
      await settle(fixture);
      expect(download()).toBe('fetching image lab1 … 42 % (21 MB of 50 MB)');
      await end(creating, { result: detailsOf(anInstance({ id: 'lab2', name: 'lab2' })) });
      expect(unlistedRow('lab2')).toBeNull();
      expect(row('lab2').querySelector('[data-testid="instance-download"]')).toBeNull();
    });

    it('opens the snapshots dialog of a row, and a restore puts the instance as restored on its row', async () => {
      const clean: Snapshot = { name: 'clean', createdAt: '2026-01-12T09:30:00.000Z', sizeBytes: 1_572_864 };
      listSnapshots.mockResolvedValue([clean]);
      restoreSnapshot.mockResolvedValue(detailsOf(anInstance({ limits: LIMITED.limits })));
      await render();
      button('web1', 'snapshots').click();
      await openedDialog();
      expect(document.querySelector('dialog h2')!.textContent).toBe('Snapshots of web1');
      expect(listSnapshots).toHaveBeenCalledWith(NODE_ID, 'web1');
      document.querySelector<HTMLButtonElement>('[data-snapshot="clean"] [data-testid="restore"]')!.click();
      await settle(fixture);
      expect(restoreSnapshot).toHaveBeenCalledWith(NODE_ID, 'web1', 'clean', false);
      expect(row('web1').querySelector('[data-testid="instance-limits"]')!.textContent).toBe('Limits: 32 MiB, 64 processes');
      document.querySelector<HTMLButtonElement>('dialog .actions-row button[type="button"]')!.click();
      await settle(fixture);
      expect(document.querySelector('dialog')).toBeNull();
    });

    it('opens the settings dialog of a row, and a change shows on the row', async () => {
      configure.mockImplementation(async (_nodeId, _name, change) => detailsOf(anInstance({ autostart: change.autostart ?? false })));
      await render();
      button('web1', 'settings').click();
      await openedDialog();
      expect(document.querySelector('dialog h2')!.textContent).toBe('Settings of web1');
      document.querySelector<HTMLInputElement>('[data-testid="settings-autostart"]')!.click();
      document.querySelector<HTMLFormElement>('[data-testid="settings-form"]')!.requestSubmit();
      await settle(fixture);
      expect(configure).toHaveBeenCalledWith(NODE_ID, 'web1', { autostart: true });
      expect(row('web1').querySelector('[data-testid="instance-autostart"]')).not.toBeNull();
    });
  });
});
