import { Injectable } from '@angular/core';
import type { components } from '../api/generated/manager-api';
import type { Operation } from '../api/manager-api.types';
import { HttpImagesApi } from './http-images-api';

type Schemas = components['schemas'];

/** An image of the manager's library: a root filesystem tarball and what is known of it. */
export type Image = Schemas['ImageDto'];
export type ImageArchitecture = Image['architecture'];
export type PublishImageRequest = Schemas['PublishImageDto'];
export type UpdateImageRequest = Schemas['UpdateImageDto'];

/** What an import sends beside the tarball (the query of POST /api/images/import). */
export interface ImportImageRequest {
  name: string;
  architecture: ImageArchitecture;
  description?: string;
}

/** How far an upload is: the bytes the browser has handed to the network so far. */
export interface UploadProgress {
  sentBytes: number;
  totalBytes: number;
}

export interface UploadOptions {
  onProgress: (progress: UploadProgress) => void;
  /** Cancels the upload (the manager drops its partial file). */
  signal?: AbortSignal;
}

/**
 * The manager's image library as the console uses it. HttpImagesApi
 * implements it on the console's one client (and the browser's own upload
 * for the tarball); tests provide a strict fake. Every method fails with an
 * ApiError. Bound here rather than in app.config, so that only the Images
 * page downloads it. Publish and warm are operations (202): their progress
 * and end arrive as `operation` events of the live stream.
 */
@Injectable({ providedIn: 'root', useClass: HttpImagesApi })
export abstract class ImagesApi {
  abstract list(): Promise<Image[]>;
  abstract get(name: string): Promise<Image>;
  abstract importTarball(file: Blob, request: ImportImageRequest, options: UploadOptions): Promise<Image>;
  abstract publish(request: PublishImageRequest): Promise<Operation>;
  abstract update(name: string, change: UpdateImageRequest): Promise<Image>;
  abstract remove(name: string): Promise<void>;
  abstract warm(name: string): Promise<Operation>;
}
