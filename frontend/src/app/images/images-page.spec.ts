import '../../testing/dialog-polyfill';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { vi } from 'vitest';
import { ApiError } from '../api/api-error';
import { ManagerApi } from '../api/manager-api';
import { LiveEvents } from '../live/live-events';
import { danglingAriaReferences } from '../../testing/aria-references';
import { deferred } from '../../testing/deferred';
import { FakeLiveEvents } from '../../testing/fake-live-events';
import { anAdmin, anInstance, anOperation, aUser, endOf, NODE_ID, operationEvent } from '../../testing/manager-fixtures';
import { settle } from '../../testing/settle';
import { signInAs } from '../../testing/signed-in';
import { StrictFake } from '../../testing/strict-fake';
import { StrictManagerApi } from '../../testing/strict-manager-api';
import { type Image, ImagesApi } from './images-api';
import { ImagesPage, nameFromFile } from './images-page';

const SHA = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';

function anImage(overrides: Partial<Image> = {}): Image {
  return {
    name: 'lab1',
    description: 'busybox with the lab 1 scripts',
    architecture: 'arm64',
    sizeBytes: 2_412_000,
    sha256: SHA,
    createdAt: '2025-01-01T09:30:00.000Z',
    source: 'upload',
    createdBy: 'admin',
    ...overrides,
  };
}

const LAB1 = anImage();
const LAB2 = anImage({ name: 'lab2', architecture: 'amd64', sizeBytes: 48_000_000, source: 'instance:pi-node-1/master', sha256: 'ab'.repeat(32) });

const METHODS = ['list', 'get', 'importTarball', 'publish', 'update', 'remove', 'warm'] as const satisfies readonly (keyof ImagesApi)[];
type Unlisted = Exclude<keyof ImagesApi, (typeof METHODS)[number]>;
const everyMethodListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyMethodListed;

describe('ImagesPage', () => {
  let images: StrictFake<ImagesApi>;
  let manager: StrictManagerApi;
  let live: FakeLiveEvents;
  let list: ReturnType<typeof vi.fn<ImagesApi['list']>>;
  let importTarball: ReturnType<typeof vi.fn<ImagesApi['importTarball']>>;
  let publish: ReturnType<typeof vi.fn<ImagesApi['publish']>>;
  let update: ReturnType<typeof vi.fn<ImagesApi['update']>>;
  let remove: ReturnType<typeof vi.fn<ImagesApi['remove']>>;
  let warm: ReturnType<typeof vi.fn<ImagesApi['warm']>>;
  let get: ReturnType<typeof vi.fn<ImagesApi['get']>>;
  let fixture: ComponentFixture<ImagesPage>;
  let element: HTMLElement;

  /** A member's page must not read the instances (only the publish form needs them): their fake lacks listInstances. */
  function configure(options: { instances: boolean }): void {
    list = vi.fn<ImagesApi['list']>(async () => [LAB2, LAB1]);
    importTarball = vi.fn<ImagesApi['importTarball']>();
    publish = vi.fn<ImagesApi['publish']>();
    update = vi.fn<ImagesApi['update']>();
    remove = vi.fn<ImagesApi['remove']>();
    warm = vi.fn<ImagesApi['warm']>();
    get = vi.fn<ImagesApi['get']>();
    images = new StrictFake(ImagesApi, METHODS, { list, importTarball, publish, update, remove, warm, get });
    manager = new StrictManagerApi({
      listOperations: async () => [],
      ...(options.instances
        ? {
            listInstances: async () => [
              anInstance({ name: 'master', state: 'STOPPED' }),
              anInstance({ id: 'web1', name: 'web1', state: 'RUNNING' }),
            ],
          }
        : {}),
    });
    live = new FakeLiveEvents();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: ImagesApi, useValue: images.api },
        { provide: ManagerApi, useValue: manager.api },
        { provide: LiveEvents, useValue: live.asLiveEvents() },
      ],
    });
  }

  async function render(): Promise<void> {
    fixture = TestBed.createComponent(ImagesPage);
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
  }

  afterEach(() => {
    images.verify();
    manager.verify();
  });

  const row = (name: string) => element.querySelector<HTMLElement>(`tr[data-image="${name}"]`);
  const inRow = (name: string, testId: string) => row(name)!.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  const byTestId = (testId: string) => element.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  const announcement = () => byTestId('images-announcement')!.textContent!.trim();
  const type = (selector: string, value: string) => {
    const field = element.querySelector<HTMLInputElement | HTMLSelectElement>(selector)!;
    field.value = value;
    field.dispatchEvent(new Event(field instanceof HTMLSelectElement ? 'change' : 'input'));
  };
  const chooseFile = (file: File) => {
    const input = element.querySelector<HTMLInputElement>('#import-file')!;
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change'));
  };
  const tarball = (name = 'lab3.tar', bytes = 4000) => new File([new Uint8Array(bytes)], name, { type: 'application/x-tar' });

  describe('for a teacher (admin)', () => {
    beforeEach(async () => {
      configure({ instances: true });
      signInAs(anAdmin());
      await render();
    });

    it('lists every image by name with architecture, size, a short sha256, when and where from', () => {
      expect([...element.querySelectorAll('tr[data-testid="image-row"]')].map((tr) => tr.getAttribute('data-image'))).toEqual(['lab1', 'lab2']);
      expect(inRow('lab2', 'image-architecture')!.textContent!.trim()).toBe('amd64');
      expect(inRow('lab2', 'image-size')!.textContent!.trim()).toBe('48 MB');
      expect(inRow('lab1', 'image-size')!.textContent!.trim()).toBe('2.4 MB');
      expect(inRow('lab1', 'image-sha256')!.textContent!.trim()).toBe('9f86d081884c');
      expect(inRow('lab1', 'image-sha256')!.getAttribute('title')).toBe(SHA);
      expect(inRow('lab2', 'image-source')!.textContent!.trim()).toBe('published from master on pi-node-1');
      expect(row('lab1')!.querySelector('time')!.getAttribute('datetime')).toBe('2025-01-01T09:30:00.000Z');
      expect(inRow('lab1', 'delete-image')).not.toBeNull();
      expect(danglingAriaReferences(element)).toEqual([]);
    });

    it('shows one image: its details read again from the manager, the whole sha256', async () => {
      get.mockResolvedValue({ ...LAB1, description: 'read again' });
      inRow('lab1', 'show-image')!.click();
      await settle(fixture);
      expect(get).toHaveBeenCalledWith('lab1');
      expect(byTestId('details-sha256')!.textContent!.trim()).toBe(SHA);
      expect(byTestId('details-description')!.textContent!.trim()).toBe('read again');
      expect(document.activeElement?.id).toBe('image-details-heading');
    });

    it('imports a tarball: the file is the body, the upload shows its progress, the image is listed after', async () => {
      const answer = deferred<Image>();
      importTarball.mockReturnValue(answer.promise);
      const file = tarball('Lab3.tar', 4000);
      chooseFile(file);
      await settle(fixture);
      expect(element.querySelector<HTMLInputElement>('#import-name')!.value).toBe('lab3');
      type('#import-architecture', 'amd64');
      type('#import-description', '  lab three  ');
      element.querySelector<HTMLFormElement>('[data-testid="import-form"]')!.requestSubmit();
      await settle(fixture);
      expect(importTarball).toHaveBeenCalledWith(file, { name: 'lab3', architecture: 'amd64', description: 'lab three' }, expect.anything());
      const options = importTarball.mock.calls[0]![2];
      options.onProgress({ sentBytes: 1000, totalBytes: 4000 });
      await settle(fixture);
      const progress = byTestId('upload-progress')!;
      expect(progress.querySelector('progress')!.value).toBe(25);
      expect(progress.textContent).toContain('1.0 kB of 4.0 kB, 25 %');
      expect(byTestId('import-image')!.getAttribute('aria-disabled')).toBe('true');
      expect(announcement()).toBe('Uploading "Lab3.tar" (4.0 kB) as "lab3"…');
      answer.resolve(anImage({ name: 'lab3', architecture: 'amd64', sizeBytes: 4000, sha256: 'cd'.repeat(32) }));
      await settle(fixture);
      expect(row('lab3')).not.toBeNull();
      expect(byTestId('upload-progress')).toBeNull();
      expect(announcement()).toBe('Imported "lab3" (4.0 kB, sha256 cdcdcdcdcdcd).');
      expect(element.querySelector<HTMLInputElement>('#import-name')!.value).toBe('');
    });

    it('cancels an upload: the request is aborted, nothing is listed, the page says so', async () => {
      importTarball.mockImplementation(
        (_file, _request, options) =>
          new Promise((_resolve, reject) =>
            options.signal!.addEventListener('abort', () => reject(new DOMException('The upload was cancelled', 'AbortError'))),
          ),
      );
      chooseFile(tarball('lab4.tar'));
      type('#import-architecture', 'arm64');
      element.querySelector<HTMLFormElement>('[data-testid="import-form"]')!.requestSubmit();
      await settle(fixture);
      byTestId('cancel-upload')!.click();
      await settle(fixture);
      expect(importTarball.mock.calls[0]![2].signal!.aborted).toBe(true);
      expect(announcement()).toBe('The upload was cancelled: nothing was imported.');
      expect(row('lab4')).toBeNull();
      expect(byTestId('upload-progress')).toBeNull();
    });

    it('asks for the file, the architecture and a name not taken before it sends anything', async () => {
      element.querySelector<HTMLFormElement>('[data-testid="import-form"]')!.requestSubmit();
      await settle(fixture);
      expect(byTestId('import-file-error')!.textContent!.trim()).toBe('Choose the tarball of a root filesystem.');
      expect(element.querySelector('#import-architecture-error')!.textContent!.trim()).toBe('Choose the architecture it runs on.');
      chooseFile(tarball('lab1.tar'));
      type('#import-architecture', 'arm64');
      element.querySelector<HTMLFormElement>('[data-testid="import-form"]')!.requestSubmit();
      await settle(fixture);
      expect(byTestId('import-name-error')!.textContent!.trim()).toBe('The name "lab1" is taken by an image of the library.');
      expect(element.querySelector('#import-name')!.getAttribute('aria-describedby')).toBe('import-name-hint import-name-error');
      expect(importTarball).not.toHaveBeenCalled();
      expect(danglingAriaReferences(element)).toEqual([]);
    });

    it("places the manager's refusal beside the field it is about (a tarball over the cap)", async () => {
      importTarball.mockRejectedValue(new ApiError(413, 'The tarball is over IMAGE_MAX_MIB (1024 MiB)'));
      chooseFile(tarball('big.tar'));
      type('#import-architecture', 'arm64');
      element.querySelector<HTMLFormElement>('[data-testid="import-form"]')!.requestSubmit();
      await settle(fixture);
      expect(byTestId('import-file-error')!.textContent!.trim()).toBe('The tarball is over IMAGE_MAX_MIB (1024 MiB)');
      expect(announcement()).toContain('Could not import "big"');
      expect(byTestId('upload-progress')).toBeNull();
    });

    it('publishes a stopped instance as an operation, shows its bytes from the stream, lists the image when it ends', async () => {
      const running = anOperation({ action: 'publish', instance: 'master', image: 'lab9' });
      publish.mockResolvedValue(running);
      const runningOption = [...element.querySelectorAll<HTMLOptionElement>('#publish-source option')].find((option) => option.textContent!.includes('web1'))!;
      expect(runningOption.disabled).toBe(true);
      expect(runningOption.textContent).toContain('running: stop it first');
      type('#publish-source', `${NODE_ID}/master`);
      type('#publish-name', 'lab9');
      element.querySelector<HTMLFormElement>('[data-testid="publish-form"]')!.requestSubmit();
      await settle(fixture);
      expect(publish).toHaveBeenCalledWith({ name: 'lab9', fromInstance: { nodeId: NODE_ID, name: 'master' } });
      expect(announcement()).toBe('Publishing "master" of "pi-node-1" as "lab9"…');
      live.emit(operationEvent({ ...running, progress: { phase: 'reading the root filesystem', bytes: 3_500_000, totalBytes: 3_500_000, percent: 100, nodeName: 'pi-node-1' } }));
      await settle(fixture);
      expect(byTestId('image-operation-progress')!.textContent!.trim()).toBe('reading the root filesystem: 3.5 MB so far');
      list.mockResolvedValue([LAB1, LAB2, anImage({ name: 'lab9', source: 'instance:pi-node-1/master' })]);
      live.emit(operationEvent(endOf(running, { result: null })));
      await settle(fixture);
      expect(row('lab9')).not.toBeNull();
      expect(byTestId('image-operations')).toBeNull();
      expect(announcement()).toBe('Published "master" of "pi-node-1" as "lab9".');
    });

    it("warms an image on every board: the row says so while it runs, the end names each board's outcome", async () => {
      const running = anOperation({ action: 'warm', nodeId: null, nodeName: null, instance: '', image: 'lab1' });
      warm.mockResolvedValue(running);
      inRow('lab1', 'warm-image')!.click();
      await settle(fixture);
      expect(warm).toHaveBeenCalledWith('lab1');
      expect(announcement()).toBe('Sending "lab1" to every active board of its architecture that lacks it…');
      live.emit(operationEvent({ ...running, progress: { phase: 'sending lab1 to pi-node-2', bytes: 1_200_000, totalBytes: 4_824_000, percent: 24.8, nodeName: 'pi-node-2' } }));
      await settle(fixture);
      expect(inRow('lab1', 'image-warming')!.textContent!.trim()).toBe('warming…');
      expect(inRow('lab1', 'warm-image')).toBeNull();
      expect(byTestId('image-operation')!.querySelector('progress')!.value).toBe(24.8);
      expect(byTestId('image-operation-progress')!.textContent!.trim()).toBe('sending lab1 to pi-node-2: 1.2 MB of 4.8 MB, 24.8 %');
      live.emit(
        operationEvent({
          ...endOf(running, { result: null }),
          results: [
            { name: 'pi-node-1', nodeId: NODE_ID, nodeName: 'pi-node-1', owner: null, status: 'succeeded', message: 'already there' },
            { name: 'pi-node-2', nodeId: null, nodeName: 'pi-node-2', owner: null, status: 'succeeded', message: 'sent' },
          ],
        }),
      );
      await settle(fixture);
      expect(announcement()).toBe('"lab1" is on every board of its architecture (pi-node-1: already there; pi-node-2: sent).');
      expect(inRow('lab1', 'warm-image')).not.toBeNull();
    });

    it('renames an image in a dialog, sending only what changed', async () => {
      update.mockResolvedValue({ ...LAB1, name: 'lab1-v2' });
      inRow('lab1', 'rename-image')!.click();
      await settle(fixture);
      expect(element.querySelector('dialog')!.open).toBe(true);
      type('#rename-name', 'lab1-v2');
      element.querySelector<HTMLFormElement>('[data-testid="rename-form"]')!.requestSubmit();
      await settle(fixture);
      expect(update).toHaveBeenCalledWith('lab1', { name: 'lab1-v2' });
      expect(row('lab1')).toBeNull();
      expect(row('lab1-v2')).not.toBeNull();
      expect(element.querySelector('dialog')).toBeNull();
      expect(announcement()).toBe('Renamed "lab1" to "lab1-v2".');
    });

    it("keeps an image the manager refuses to delete (409) and says why in the dialog", async () => {
      remove.mockRejectedValueOnce(new ApiError(409, 'Image "lab1" is in use: a create from it runs ("web-3" on pi-node-1)'));
      inRow('lab1', 'delete-image')!.click();
      await settle(fixture);
      element.querySelector<HTMLButtonElement>('[data-testid="confirm-delete-image"]')!.click();
      await settle(fixture);
      expect(remove).toHaveBeenCalledWith('lab1');
      expect(byTestId('delete-error')!.textContent!.trim()).toBe('Not deleted: Image "lab1" is in use: a create from it runs ("web-3" on pi-node-1)');
      expect(byTestId('delete-error')!.getAttribute('role')).toBe('alert');
      expect(row('lab1')).not.toBeNull();
      remove.mockResolvedValueOnce(undefined);
      element.querySelector<HTMLButtonElement>('[data-testid="confirm-delete-image"]')!.click();
      await settle(fixture);
      expect(row('lab1')).toBeNull();
      expect(element.querySelector('dialog')).toBeNull();
      expect(announcement()).toContain('Deleted "lab1" from the library.');
    });
  });

  describe('for a member', () => {
    beforeEach(async () => {
      configure({ instances: false });
      signInAs(aUser());
      await render();
    });

    it('lists the images with nothing to change: no import, publish, warm, rename or delete (nor a read of the instances)', () => {
      expect(row('lab1')).not.toBeNull();
      expect(byTestId('import-form')).toBeNull();
      expect(byTestId('publish-form')).toBeNull();
      for (const action of ['warm-image', 'rename-image', 'delete-image']) expect(inRow('lab1', action)).toBeNull();
      expect(danglingAriaReferences(element)).toEqual([]);
    });
  });
});

describe('nameFromFile', () => {
  it('makes an image name of a file name when it can', () => {
    expect(nameFromFile('Lab1.tar')).toBe('lab1');
    expect(nameFromFile('debian 12 minbase.tar.gz')).toBe('debian-12-minbase');
    expect(nameFromFile('2024-lab.tar')).toBe('lab');
  });
});
