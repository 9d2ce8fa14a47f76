import type { ImageRecord } from './image-record.js';

/** Thrown by insert and rename when another image has the name. */
export class DuplicateImageNameError extends Error {
  constructor(readonly imageName: string) {
    super(`An image named "${imageName}" already exists`);
  }
}

/** Where the library's metadata is kept (the tarballs are files: ImageFiles). */
export abstract class ImageRepository {
  /** By name. */
  abstract list(): ImageRecord[];
  abstract find(name: string): ImageRecord | undefined;
  abstract insert(image: ImageRecord): void;
  /** Changes name and description at once; DuplicateImageNameError when the new name is taken. */
  abstract update(name: string, change: { name: string; description: string }): void;
  abstract remove(name: string): void;
  /** How many images share this tarball (two names may hold the same bytes). */
  abstract countBySha256(sha256: string): number;
}
