import { Injectable, inject } from '@angular/core';
import { ApiError, toApiError } from '../api/api-error';
import type { paths } from '../api/generated/manager-api';
import { CSRF_HEADER, ManagerClient } from '../api/manager-client';
import type { Operation } from '../api/manager-api.types';
import { Session } from '../session/session';
import type { Image, ImagesApi, ImportImageRequest, PublishImageRequest, UpdateImageRequest, UploadOptions } from './images-api';

/** The import route, checked against the generated document so that a renamed route fails the build. */
const IMPORT_PATH = '/api/images/import' satisfies keyof paths;

/** An upload that moves no byte for this long has stalled (a board's SD card, a dropped Wi-Fi): it is given up. */
export const UPLOAD_IDLE_MS = 60_000;
/** Once every byte is sent, the manager checks and stores the file: its answer comes within this. */
export const UPLOAD_ANSWER_MS = 120_000;

/**
 * The image routes through the console's one client (ManagerClient: CSRF
 * proof, sign-out on 401), but the import. The tarball goes with
 * XMLHttpRequest: its `upload.onprogress` is the one way a page learns how
 * many bytes have left. fetch has no upload progress, and a streamed fetch
 * body (a ReadableStream counting what is read, `duplex: 'half'`) is refused
 * by Chromium over HTTP/1.1, which is what the manager serves on a LAN. The
 * browser reads the File from disk as it sends: the page never holds it.
 */
@Injectable()
// `implements`, not `extends`: ImagesApi names this class as its implementation, so it may only import its type.
export class HttpImagesApi implements ImagesApi {
  private readonly client = inject(ManagerClient);
  private readonly session = inject(Session);

  list(): Promise<Image[]> {
    return this.client.call((client) => client.GET('/api/images'));
  }

  get(name: string): Promise<Image> {
    return this.client.call((client) => client.GET('/api/images/{name}', { params: { path: { name } } }));
  }

  publish(body: PublishImageRequest): Promise<Operation> {
    return this.client.call((client) => client.POST('/api/images', { body }));
  }

  update(name: string, body: UpdateImageRequest): Promise<Image> {
    return this.client.call((client) => client.PATCH('/api/images/{name}', { params: { path: { name } }, body }));
  }

  async remove(name: string): Promise<void> {
    await this.client.call((client) => client.DELETE('/api/images/{name}', { params: { path: { name } } }));
  }

  warm(name: string): Promise<Operation> {
    return this.client.call((client) => client.POST('/api/images/{name}/warm', { params: { path: { name } } }));
  }

  importTarball(file: Blob, request: ImportImageRequest, options: UploadOptions): Promise<Image> {
    const query = new URLSearchParams({ name: request.name, architecture: request.architecture });
    if (request.description) query.set('description', request.description);
    return new Promise<Image>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      let timer: ReturnType<typeof setTimeout> | undefined;
      let failure: ApiError | null = null;
      const giveUpAfter = (milliseconds: number, message: string) => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          failure = new ApiError(408, message);
          xhr.abort();
        }, milliseconds);
      };
      const cancel = () => xhr.abort();
      const done = () => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', cancel);
      };

      xhr.open('POST', `${IMPORT_PATH}?${query}`);
      xhr.responseType = 'text';
      xhr.setRequestHeader('Content-Type', 'application/octet-stream');
      const csrfToken = this.session.csrfToken();
      if (csrfToken !== null) xhr.setRequestHeader(CSRF_HEADER, csrfToken);
      xhr.upload.onprogress = (event) => {
        options.onProgress({ sentBytes: event.loaded, totalBytes: event.lengthComputable ? event.total : file.size });
        giveUpAfter(UPLOAD_IDLE_MS, `The upload stalled: no byte moved in ${UPLOAD_IDLE_MS / 1000} s`);
      };
      xhr.upload.onload = () =>
        giveUpAfter(UPLOAD_ANSWER_MS, `Every byte was sent, but the manager did not answer within ${UPLOAD_ANSWER_MS / 1000} s`);
      xhr.onload = () => {
        done();
        const body = parsed(xhr.responseText);
        if (xhr.status >= 200 && xhr.status < 300) {
          resolve(body as Image);
          return;
        }
        const error = toApiError(xhr.status, body);
        if (xhr.status === 401) this.session.expire(`You are signed out: ${error.message}`);
        reject(error);
      };
      xhr.onerror = () => {
        done();
        reject(new TypeError('the connection was lost during the upload'));
      };
      xhr.onabort = () => {
        done();
        reject(failure ?? new DOMException('The upload was cancelled', 'AbortError'));
      };
      if (options.signal?.aborted) {
        reject(new DOMException('The upload was cancelled', 'AbortError'));
        return;
      }
      options.signal?.addEventListener('abort', cancel, { once: true });
      giveUpAfter(UPLOAD_IDLE_MS, `The upload did not start: no byte moved in ${UPLOAD_IDLE_MS / 1000} s`);
      xhr.send(file);
    });
  }
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
