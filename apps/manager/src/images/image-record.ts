import type { ImageArchitecture } from '@tinystack/contracts';

/** An image of the library as stored: its tarball is DATA_DIR/images/<sha256>.tar. */
export interface ImageRecord {
  name: string;
  description: string;
  architecture: ImageArchitecture;
  sizeBytes: number;
  /** SHA-256 of the tarball, hex. */
  sha256: string;
  createdAt: Date;
  /** "upload", "debian" or "instance:<node>/<instance>". */
  source: string;
  /** Username, or "admin token". */
  createdBy: string;
}
