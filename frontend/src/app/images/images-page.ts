import { ChangeDetectionStrategy, Component, DOCUMENT, Injector, afterNextRender, computed, inject, signal } from '@angular/core';
import { ApiError, describeFailure } from '../api/api-error';
import { describedBy, formErrorsOf, NO_FORM_ERRORS, type FormErrors } from '../api/form-errors';
import type { Operation } from '../api/manager-api.types';
import { ModalDialog } from '../dialog/modal-dialog';
import { InstancesStore } from '../instances/instances-store';
import { OperationsStore } from '../operations/operations-store';
import { Session } from '../session/session';
import { type Image, type ImageArchitecture, ImagesApi, type UploadProgress } from './images-api';
import { ImagesStore } from './images-store';
import { describeSource, formatCreated, formatSize, imageAcceptedText, imageOutcomeText, progressText, shortSha256 } from './image-text';

/** Every architecture the manager takes (Debian names), in the order the select offers them. */
export const IMAGE_ARCHITECTURES = ['arm64', 'armhf', 'amd64', 'i386', 'riscv64'] as const satisfies readonly ImageArchitecture[];
// Every architecture of the document is offered: one added to the manager's enum without listing it here fails to compile.
type Unlisted = Exclude<ImageArchitecture, (typeof IMAGE_ARCHITECTURES)[number]>;
const everyArchitectureListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyArchitectureListed;

interface Announcement {
  text: string;
  failed: boolean;
}

type ImportField = 'name' | 'architecture' | 'description' | 'file';
type PublishField = 'name' | 'fromInstance' | 'description';
type RenameField = 'name' | 'description';

/** A stopped instance that can be published, as the publish form offers it. */
interface SourceInstance {
  key: string;
  nodeId: string;
  nodeName: string;
  name: string;
  stopped: boolean;
}

/**
 * The image library: every image with its architecture, size, hash and
 * origin, and one image's details. A teacher (admin) also imports a tarball
 * (with upload progress), publishes a stopped instance, renames, deletes and
 * warms an image on every board; publish and warm are operations whose
 * progress comes from the live stream. A member sees the list only.
 */
@Component({
  selector: 'ts-images-page',
  imports: [ModalDialog],
  templateUrl: './images-page.html',
  styleUrl: './images-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [ImagesStore],
})
export class ImagesPage {
  protected readonly store = inject(ImagesStore);
  private readonly api = inject(ImagesApi);
  protected readonly operations = inject(OperationsStore);
  private readonly instances = inject(InstancesStore);
  private readonly session = inject(Session);
  private readonly document = inject(DOCUMENT);
  private readonly injector = inject(Injector);

  protected readonly architectures = IMAGE_ARCHITECTURES;
  protected readonly formatSize = formatSize;
  protected readonly formatCreated = formatCreated;
  protected readonly shortSha256 = shortSha256;
  protected readonly describeSource = describeSource;
  protected readonly progressText = progressText;
  protected readonly describedBy = describedBy;

  protected readonly isAdmin = this.session.isAdmin;
  protected readonly announcement = signal<Announcement | null>(null);

  protected readonly importName = signal('');
  protected readonly importArchitecture = signal<ImageArchitecture | ''>('');
  protected readonly importDescription = signal('');
  protected readonly importFile = signal<File | null>(null);
  protected readonly importErrors = signal<FormErrors<ImportField>>(NO_FORM_ERRORS);
  protected readonly upload = signal<UploadProgress | null>(null);
  private uploadCancel: AbortController | null = null;

  protected readonly publishSource = signal('');
  protected readonly publishName = signal('');
  protected readonly publishDescription = signal('');
  protected readonly publishErrors = signal<FormErrors<PublishField>>(NO_FORM_ERRORS);
  protected readonly publishing = signal(false);

  protected readonly shown = signal<Image | null>(null);
  protected readonly showError = signal<string | null>(null);

  protected readonly renaming = signal<Image | null>(null);
  protected readonly renameName = signal('');
  protected readonly renameDescription = signal('');
  protected readonly renameErrors = signal<FormErrors<RenameField>>(NO_FORM_ERRORS);
  protected readonly deleting = signal<Image | null>(null);
  protected readonly deleteError = signal<string | null>(null);
  /** Images with a request of this page running (rename, delete, warm accepted), by name. */
  protected readonly busy = signal<ReadonlySet<string>>(new Set());

  protected readonly uploadPercent = computed(() => {
    const upload = this.upload();
    return upload && upload.totalBytes > 0 ? Math.floor((upload.sentBytes / upload.totalBytes) * 100) : 0;
  });

  /** Operations that move an image (publish, warm, a create from an image), whoever started them. */
  protected readonly underWay = computed(() => this.operations.running().filter((operation) => operation.image !== null));

  /** The image each running warm is about, by name: its row says so and offers no second warm. */
  protected readonly warming = computed(
    () => new Set(this.underWay().filter((operation) => operation.action === 'warm').map((operation) => operation.image!)),
  );

  protected readonly sources = computed<SourceInstance[]>(() =>
    this.instances.instances().map((instance) => ({
      key: `${instance.nodeId}/${instance.name}`,
      nodeId: instance.nodeId,
      nodeName: instance.nodeName,
      name: instance.name,
      stopped: instance.state === 'STOPPED',
    })),
  );
  protected readonly stoppedCount = computed(() => this.sources().filter((source) => source.stopped).length);

  constructor() {
    void this.store.load();
    void this.operations.load();
    if (this.isAdmin()) void this.instances.load();
  }

  protected chooseFile(event: Event): void {
    const file = (event.target as HTMLInputElement).files?.[0] ?? null;
    this.importFile.set(file);
    // The file's name without .tar is the image's name, unless one was typed.
    if (file && !this.importName()) this.importName.set(nameFromFile(file.name));
  }

  protected async importTarball(event: Event): Promise<void> {
    event.preventDefault();
    if (this.upload()) return;
    const file = this.importFile();
    const name = this.importName().trim();
    const architecture = this.importArchitecture();
    const missing: Partial<Record<ImportField, string>> = {};
    if (!file) missing.file = 'Choose the tarball of a root filesystem.';
    if (!name) missing.name = 'Name the image.';
    else if (this.store.find(name)) missing.name = `The name "${name}" is taken by an image of the library.`;
    if (!architecture) missing.architecture = 'Choose the architecture it runs on.';
    if (!file || !name || !architecture || missing.name) {
      this.importErrors.set({ fields: missing, form: null });
      this.focusAfterRender(`#import-${Object.keys(missing)[0]}`);
      return;
    }
    this.importErrors.set(NO_FORM_ERRORS);
    const cancel = new AbortController();
    this.uploadCancel = cancel;
    this.upload.set({ sentBytes: 0, totalBytes: file.size });
    this.announce(`Uploading "${file.name}" (${formatSize(file.size)}) as "${name}"…`);
    try {
      const description = this.importDescription().trim();
      const image = await this.store.importTarball(
        file,
        { name, architecture, ...(description ? { description } : {}) },
        { onProgress: (progress) => this.upload.set(progress), signal: cancel.signal },
      );
      this.announce(`Imported "${image.name}" (${formatSize(image.sizeBytes)}, sha256 ${shortSha256(image.sha256)}).`);
      this.importName.set('');
      this.importDescription.set('');
      this.importFile.set(null);
      this.document.querySelector<HTMLInputElement>('#import-file')!.value = '';
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') {
        this.announce('The upload was cancelled: nothing was imported.');
      } else {
        this.importErrors.set(
          formErrorsOf<ImportField>(error, ['name', 'architecture', 'description', 'file'], (_message, status) =>
            status === 409 ? 'name' : status === 413 ? 'file' : null,
          ),
        );
        this.announce(`Could not import "${name}": ${describeFailure(error)}`, true);
      }
    } finally {
      this.uploadCancel = null;
      this.upload.set(null);
    }
  }

  protected cancelUpload(): void {
    this.uploadCancel?.abort();
  }

  protected async publish(event: Event): Promise<void> {
    event.preventDefault();
    if (this.publishing()) return;
    const source = this.sources().find((candidate) => candidate.key === this.publishSource());
    const name = this.publishName().trim();
    const missing: Partial<Record<PublishField, string>> = {};
    if (!source) missing.fromInstance = 'Choose the stopped instance to publish.';
    else if (!source.stopped) missing.fromInstance = `"${source.name}" is not stopped: stop it first, then publish it.`;
    if (!name) missing.name = 'Name the image.';
    if (Object.keys(missing).length > 0 || !source) {
      this.publishErrors.set({ fields: missing, form: null });
      this.focusAfterRender(missing.fromInstance ? '#publish-source' : '#publish-name');
      return;
    }
    this.publishErrors.set(NO_FORM_ERRORS);
    this.publishing.set(true);
    let accepted: Operation;
    try {
      const description = this.publishDescription().trim();
      accepted = await this.api.publish({ name, fromInstance: { nodeId: source.nodeId, name: source.name }, ...(description ? { description } : {}) });
    } catch (error) {
      this.publishErrors.set(formErrorsOf<PublishField>(error, ['name', 'fromInstance', 'description'], (message, status) => (status === 409 && message.includes(`"${name}"`) ? 'name' : null)));
      return;
    } finally {
      this.publishing.set(false);
    }
    this.publishName.set('');
    this.publishDescription.set('');
    this.announce(imageAcceptedText(accepted));
    const ended = await this.operations.follow(accepted);
    if (ended.status === 'succeeded') await this.store.load();
    this.announce(imageOutcomeText(ended), ended.status !== 'succeeded');
  }

  protected async show(image: Image): Promise<void> {
    this.shown.set(image);
    this.showError.set(null);
    this.focusAfterRender('#image-details-heading');
    try {
      this.shown.set(await this.api.get(image.name));
    } catch (error) {
      this.showError.set(describeFailure(error));
    }
  }

  protected startRename(image: Image): void {
    this.renameName.set(image.name);
    this.renameDescription.set(image.description);
    this.renameErrors.set(NO_FORM_ERRORS);
    this.renaming.set(image);
  }

  protected async saveRename(event: Event): Promise<void> {
    event.preventDefault();
    const image = this.renaming();
    if (!image || this.busy().has(image.name)) return;
    const name = this.renameName().trim();
    const description = this.renameDescription().trim();
    const change = { ...(name !== image.name ? { name } : {}), ...(description !== image.description ? { description } : {}) };
    if (!name) {
      this.renameErrors.set({ fields: { name: 'Name the image.' }, form: null });
      return;
    }
    if (Object.keys(change).length === 0) {
      this.renaming.set(null);
      return;
    }
    await this.onImage(image, async () => {
      try {
        const changed = await this.store.update(image.name, change);
        this.renaming.set(null);
        if (this.shown()?.name === image.name) this.shown.set(changed);
        this.announce(changed.name !== image.name ? `Renamed "${image.name}" to "${changed.name}".` : `Saved the description of "${changed.name}".`);
      } catch (error) {
        this.renameErrors.set(formErrorsOf<RenameField>(error, ['name', 'description'], (_message, status) => (status === 409 ? 'name' : null)));
      }
    });
  }

  protected askToDelete(image: Image): void {
    this.deleteError.set(null);
    this.deleting.set(image);
  }

  protected async confirmDelete(): Promise<void> {
    const image = this.deleting();
    if (!image || this.busy().has(image.name)) return;
    await this.onImage(image, async () => {
      try {
        await this.store.remove(image.name);
        this.deleting.set(null);
        if (this.shown()?.name === image.name) this.shown.set(null);
        this.focusAfterRender('#images-heading');
        this.announce(`Deleted "${image.name}" from the library. Boards keep their copy until their cache needs the room.`);
      } catch (error) {
        // A 409 says which create, batch or warm uses it: the dialog stays, with the reason.
        this.deleteError.set(error instanceof ApiError && error.status === 409 ? `Not deleted: ${error.message}` : describeFailure(error));
      }
    });
  }

  protected async warm(image: Image): Promise<void> {
    const accepted = await this.onImage(image, async () => {
      try {
        const operation = await this.api.warm(image.name);
        this.announce(imageAcceptedText(operation));
        return operation;
      } catch (error) {
        this.announce(`Could not warm "${image.name}": ${describeFailure(error)}`, true);
        return null;
      }
    });
    if (!accepted) return;
    const ended = await this.operations.follow(accepted);
    this.announce(imageOutcomeText(ended), ended.status !== 'succeeded');
  }

  /** Runs `perform` for an image unless a request of this page on it runs already (then null). */
  private async onImage<T>(image: Image, perform: () => Promise<T>): Promise<T | null> {
    if (this.busy().has(image.name)) return null;
    this.busy.update((busy) => new Set(busy).add(image.name));
    try {
      return await perform();
    } finally {
      this.busy.update((busy) => {
        const next = new Set(busy);
        next.delete(image.name);
        return next;
      });
    }
  }

  private announce(text: string, failed = false): void {
    this.announcement.set({ text, failed });
  }

  private focusAfterRender(selector: string): void {
    afterNextRender(() => this.document.querySelector<HTMLElement>(selector)?.focus(), { injector: this.injector });
  }
}

/** "lab1.tar" -> "lab1": a file name as an image name, when it can be one (else the teacher types one). */
export function nameFromFile(fileName: string): string {
  const base = fileName.replace(/\.(tar(\.(gz|xz|zst))?|tgz)$/i, '').toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+|-+$/g, '');
  return base.slice(0, 63).replace(/-+$/, '');
}
