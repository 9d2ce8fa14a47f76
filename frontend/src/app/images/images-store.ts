import { Injectable, inject, signal } from '@angular/core';
import { describeFailure } from '../api/api-error';
import type { Operation } from '../api/manager-api.types';
import { followLiveEvents } from '../live/follow-live-events';
import { type Image, ImagesApi, type ImportImageRequest, type UpdateImageRequest, type UploadOptions } from './images-api';

const byName = (a: Image, b: Image) => a.name.localeCompare(b.name);

/**
 * The image library as the Images page shows it: listed once per visit, again
 * when a publish ends (from this tab or any other: its `operation` event) and
 * after the stream was lost; changed in place by this page's own import,
 * rename and delete. The stream has no event of its own for images.
 */
@Injectable()
export class ImagesStore {
  private readonly api = inject(ImagesApi);
  private readonly list = signal<Image[]>([]);

  readonly images = this.list.asReadonly();
  readonly loaded = signal(false);
  readonly loadError = signal<string | null>(null);

  constructor() {
    followLiveEvents({
      onEvent: (event) => {
        if (event.type === 'operation' && publishedAnImage(event.operation)) void this.load();
      },
      onResumed: () => {
        if (this.loaded()) void this.load();
      },
    });
  }

  async load(): Promise<void> {
    try {
      this.list.set([...(await this.api.list())].sort(byName));
      this.loadError.set(null);
      this.loaded.set(true);
    } catch (error) {
      this.loadError.set(describeFailure(error));
    }
  }

  find(name: string): Image | undefined {
    return this.list().find((image) => image.name === name);
  }

  async importTarball(file: Blob, request: ImportImageRequest, options: UploadOptions): Promise<Image> {
    const image = await this.api.importTarball(file, request, options);
    this.put(image);
    return image;
  }

  async update(name: string, change: UpdateImageRequest): Promise<Image> {
    const image = await this.api.update(name, change);
    this.list.update((images) => [...images.filter((entry) => entry.name !== name && entry.name !== image.name), image].sort(byName));
    return image;
  }

  async remove(name: string): Promise<void> {
    await this.api.remove(name);
    this.list.update((images) => images.filter((image) => image.name !== name));
  }

  private put(image: Image): void {
    this.list.update((images) => [...images.filter((entry) => entry.name !== image.name), image].sort(byName));
  }
}

function publishedAnImage(operation: Operation): boolean {
  return operation.action === 'publish' && operation.status === 'succeeded';
}
