import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { vi } from 'vitest';
import { ApiError } from '../api/api-error';
import { ManagerApi } from '../api/manager-api';
import type { InstanceAction, InstanceDetails } from '../api/manager-api.types';
import { LiveEvents } from '../live/live-events';
import { deferred } from '../../testing/deferred';
import { FakeLiveEvents } from '../../testing/fake-live-events';
import { aNode, aUser, anAdmin, anInstance, detailsOf, NODE_ID } from '../../testing/manager-fixtures';
import { signInAs } from '../../testing/signed-in';
import { Session } from '../session/session';
import { settle } from '../../testing/settle';
import { StrictManagerApi } from '../../testing/strict-manager-api';
import { InstanceList } from './instance-list';

type Act = (nodeId: string, name: string, action: InstanceAction) => Promise<InstanceDetails>;
type Rename = (nodeId: string, name: string, newName: string) => Promise<InstanceDetails>;
type Remove = (nodeId: string, name: string, force: boolean) => Promise<void>;

const WEB1 = anInstance();
const DB1 = anInstance({ id: 'db1', name: 'db1', state: 'RUNNING', ipv4: ['10.0.3.12', '10.0.3.13'], owner: 'alice' });

describe('InstanceList', () => {
  let api: StrictManagerApi;
  let live: FakeLiveEvents;
  let actOnInstance: ReturnType<typeof vi.fn<Act>>;
  let renameInstance: ReturnType<typeof vi.fn<Rename>>;
  let deleteInstance: ReturnType<typeof vi.fn<Remove>>;
  let fixture: ComponentFixture<InstanceList>;
  let element: HTMLElement;

  beforeEach(async () => {
    actOnInstance = vi.fn<Act>();
    renameInstance = vi.fn<Rename>();
    deleteInstance = vi.fn<Remove>();
    api = new StrictManagerApi({
      listInstances: async () => [WEB1, DB1],
      listNodes: async () => [aNode()],
      actOnInstance,
      renameInstance,
      deleteInstance,
    });
    live = new FakeLiveEvents();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: ManagerApi, useValue: api.api },
        { provide: LiveEvents, useValue: live.asLiveEvents() },
      ],
    });
    signInAs(anAdmin());
    fixture = TestBed.createComponent(InstanceList);
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
  });

  afterEach(() => api.verify());

  const row = (name: string) => element.querySelector<HTMLElement>(`tr[data-instance="${name}"]`)!;
  const button = (name: string, action: string) => row(name).querySelector<HTMLButtonElement>(`[data-testid="${action}"]`)!;
  const cells = (name: string) => [...row(name).querySelectorAll('td')].slice(0, 6).map((cell) => cell.textContent!.trim());
  const announcement = () => element.querySelector('[data-testid="instances-announcement"]')!.textContent!.trim();

  it("shows a teacher (admin) each instance's owner; a member's list has no owner column (all are theirs)", async () => {
    expect([...element.querySelectorAll('th')].map((th) => th.textContent!.trim())).toContain('Owner');
    expect(row('db1').querySelector('[data-testid="instance-owner"]')!.textContent!.trim()).toBe('alice');
    expect(row('web1').querySelector('[data-testid="instance-owner"]')!.textContent!.trim()).toBe('admin');
    TestBed.inject(Session).signedIn({ user: aUser(), csrfToken: 'c' });
    await settle(fixture);
    expect([...element.querySelectorAll('th')].map((th) => th.textContent!.trim())).not.toContain('Owner');
    expect(element.querySelector('[data-testid="instance-owner"]')).toBeNull();
    expect(element.querySelector('h1')!.textContent).toBe('Your instances');
  });

  it('lists ID, host, name, owner, state and addresses of every instance, sorted by node then name', () => {
    expect([...element.querySelectorAll('[data-testid="instance-row"]')].map((tr) => tr.getAttribute('data-instance'))).toEqual([
      'db1',
      'web1',
    ]);
    expect(cells('db1')).toEqual(['db1', 'pi-node-1', 'db1', 'alice', 'RUNNING', '10.0.3.12, 10.0.3.13']);
    expect(cells('web1')).toEqual(['web1', 'pi-node-1', 'web1', 'admin', 'STOPPED', '—']);
    expect(button('db1', 'start-stop').textContent).toContain('Stop');
    expect(button('web1', 'start-stop').textContent).toContain('Start');
  });

  it('starts an instance through the client, showing progress on its button until the answer comes', async () => {
    const answer = deferred<InstanceDetails>();
    actOnInstance.mockReturnValue(answer.promise);
    button('web1', 'start-stop').click();
    await settle(fixture);
    expect(actOnInstance).toHaveBeenCalledWith(NODE_ID, 'web1', 'start');
    expect(button('web1', 'start-stop').getAttribute('aria-disabled')).toBe('true');
    expect(button('web1', 'start-stop').textContent).toContain('Starting…');
    expect(button('web1', 'delete').getAttribute('aria-disabled')).toBe('true');
    expect(button('db1', 'start-stop').getAttribute('aria-disabled')).toBeNull();

    answer.resolve(detailsOf(WEB1, { state: 'RUNNING', ipv4: ['10.0.3.20'], pid: 4242 }));
    await settle(fixture);
    expect(cells('web1')).toEqual(['web1', 'pi-node-1', 'web1', 'admin', 'RUNNING', '10.0.3.20']);
    expect(button('web1', 'start-stop').getAttribute('aria-disabled')).toBeNull();
    expect(button('web1', 'start-stop').textContent).toContain('Stop');
    expect(announcement()).toBe('Started "web1" on "pi-node-1" (now RUNNING).');
  });

  it("shows the server's message on the row and announces it when an action fails", async () => {
    actOnInstance.mockRejectedValue(new ApiError(504, 'Node "pi-node-1": lxc-stop timed out'));
    button('db1', 'start-stop').click();
    await settle(fixture);
    expect(actOnInstance).toHaveBeenCalledWith(NODE_ID, 'db1', 'stop');
    expect(row('db1').querySelector('[data-testid="row-error"]')!.textContent).toBe('Node "pi-node-1": lxc-stop timed out');
    expect(announcement()).toBe('Could not stop "db1": Node "pi-node-1": lxc-stop timed out');
    expect(element.querySelector('[data-testid="instances-announcement"]')!.classList).toContain('failure');
    expect(cells('db1')[4]).toBe('RUNNING');
  });

  it('deletes only after a confirmation that names the instance, forcing a running one', async () => {
    deleteInstance.mockResolvedValue(undefined);
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
    expect(row('db1')).toBeNull();
    expect(element.querySelector('dialog')).toBeNull();
    expect(announcement()).toBe('Deleted "db1" on "pi-node-1".');
  });

  it('keeps the instance when the confirmation is declined', async () => {
    button('web1', 'delete').click();
    await settle(fixture);
    [...element.querySelectorAll<HTMLButtonElement>('dialog button')].find((b) => b.textContent!.includes('Keep it'))!.click();
    await settle(fixture);
    expect(element.querySelector('dialog')).toBeNull();
    expect(deleteInstance).not.toHaveBeenCalled();
    expect(row('web1')).not.toBeNull();
  });

  it('renames inline and shows a refusal from the node beside the row', async () => {
    renameInstance.mockRejectedValueOnce(new ApiError(409, 'Node "pi-node-1": An instance named "db1" already exists'));
    button('web1', 'rename').click();
    await settle(fixture);
    const input = row('web1').querySelector<HTMLInputElement>('form.rename input')!;
    expect(document.activeElement).toBe(input);
    input.value = 'db1';
    input.dispatchEvent(new Event('input'));
    row('web1').querySelector<HTMLButtonElement>('form.rename button[type="submit"]')!.click();
    await settle(fixture);
    expect(renameInstance).toHaveBeenCalledWith(NODE_ID, 'web1', 'db1');
    expect(row('web1').querySelector('[data-testid="row-error"]')!.textContent).toBe(
      'Node "pi-node-1": An instance named "db1" already exists',
    );

    renameInstance.mockResolvedValueOnce(detailsOf(anInstance({ id: 'www', name: 'www' })));
    const retry = row('web1').querySelector<HTMLInputElement>('form.rename input')!;
    retry.value = 'www';
    retry.dispatchEvent(new Event('input'));
    row('web1').querySelector<HTMLButtonElement>('form.rename button[type="submit"]')!.click();
    await settle(fixture);
    expect(renameInstance).toHaveBeenLastCalledWith(NODE_ID, 'web1', 'www');
    expect(row('web1')).toBeNull();
    expect(cells('www')).toEqual(['www', 'pi-node-1', 'www', 'admin', 'STOPPED', '—']);
    expect(announcement()).toBe('Renamed "web1" to "www" on "pi-node-1".');
  });

  it('shows a renamed instance once when the live list arrives before the answer to the rename', async () => {
    const answer = deferred<InstanceDetails>();
    renameInstance.mockReturnValue(answer.promise);
    button('web1', 'rename').click();
    await settle(fixture);
    const input = row('web1').querySelector<HTMLInputElement>('form.rename input')!;
    input.value = 'www';
    input.dispatchEvent(new Event('input'));
    row('web1').querySelector<HTMLButtonElement>('form.rename button[type="submit"]')!.click();
    await settle(fixture);
    live.emit({
      type: 'instances',
      at: '2025-01-01T10:00:00.000Z',
      nodeId: NODE_ID,
      nodeName: 'pi-node-1',
      instances: [
        { id: 'db1', name: 'db1', state: 'RUNNING', ipv4: [], owner: 'admin' },
        { id: 'www', name: 'www', state: 'STOPPED', ipv4: [], owner: 'admin' },
      ],
    });
    answer.resolve(detailsOf(anInstance({ id: 'www', name: 'www' })));
    await settle(fixture);
    const names = [...element.querySelectorAll('[data-testid="instance-row"]')].map((tr) => tr.getAttribute('data-instance'));
    expect(names).toEqual(['db1', 'www']);
  });

  describe('focus', () => {
    const focusOn = (target: HTMLElement) => {
      target.focus();
      expect(document.activeElement).toBe(target);
    };

    async function confirmDeleteOf(name: string): Promise<void> {
      focusOn(button(name, 'delete'));
      button(name, 'delete').click();
      await settle(fixture);
      element.querySelector<HTMLButtonElement>('dialog [data-testid="confirm-delete"]')!.click();
      await settle(fixture);
    }

    it('stays on the start button while the instance starts, and it is then the stop button', async () => {
      const answer = deferred<InstanceDetails>();
      actOnInstance.mockReturnValue(answer.promise);
      focusOn(button('web1', 'start-stop'));
      button('web1', 'start-stop').click();
      await settle(fixture);
      expect(document.activeElement).toBe(button('web1', 'start-stop'));
      button('web1', 'start-stop').click();
      expect(actOnInstance).toHaveBeenCalledTimes(1);

      answer.resolve(detailsOf(WEB1, { state: 'RUNNING' }));
      await settle(fixture);
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
      deleteInstance.mockResolvedValue(undefined);
      await confirmDeleteOf('db1');
      expect(deleteInstance).toHaveBeenCalledWith(NODE_ID, 'db1', true);
      expect(document.activeElement).toBe(row('web1'));

      await confirmDeleteOf('web1');
      expect(element.querySelectorAll('[data-testid="instance-row"]')).toHaveLength(0);
      expect(document.activeElement).toBe(element.querySelector('[data-testid="new-instance"]'));
    });

    it('goes to the row before a deleted last row', async () => {
      deleteInstance.mockResolvedValue(undefined);
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
        instances: [{ id: 'web1', name: 'web1', state: 'STOPPED', ipv4: [], owner: 'admin' }],
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
      renameInstance.mockResolvedValue(detailsOf(anInstance({ id: 'www', name: 'www' })));
      button('web1', 'rename').click();
      await settle(fixture);
      const input = row('web1').querySelector<HTMLInputElement>('form.rename input')!;
      input.value = 'www';
      input.dispatchEvent(new Event('input'));
      input.form!.requestSubmit();
      await settle(fixture);
      expect(row('web1')).toBeNull();
      expect(document.activeElement).toBe(button('www', 'rename'));
    });

    it('gives focus back to "New instance" when the create dialog is cancelled', async () => {
      const newInstance = element.querySelector<HTMLButtonElement>('[data-testid="new-instance"]')!;
      focusOn(newInstance);
      newInstance.click();
      await settle(fixture);
      expect(document.activeElement).toBe(element.querySelector('#instance-name'));
      [...element.querySelectorAll<HTMLButtonElement>('dialog button')].find((b) => b.textContent!.trim() === 'Cancel')!.click();
      await settle(fixture);
      expect(element.querySelector('dialog')).toBeNull();
      expect(document.activeElement).toBe(newInstance);
    });
  });

  it("follows a node's new instance list from the live stream", async () => {
    live.emit({
      type: 'instances',
      at: '2025-01-01T10:00:00.000Z',
      nodeId: NODE_ID,
      nodeName: 'pi-node-1',
      instances: [{ id: 'web1', name: 'web1', state: 'RUNNING', ipv4: ['10.0.3.5'], owner: 'admin' }],
    });
    await settle(fixture);
    expect(row('db1')).toBeNull();
    expect(cells('web1')).toEqual(['web1', 'pi-node-1', 'web1', 'admin', 'RUNNING', '10.0.3.5']);
  });
});
