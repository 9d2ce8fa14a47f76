import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { CountField, ObjectField, OneOfField, TextField, TimestampField } from '../answer-fields.js';
import { INSTANCE_NAME_PATTERN, INSTANCE_NAME_RULE } from '../instance-name.js';

/** An image is named by the sha256 of its root filesystem tarball: 64 lower-case hex digits. */
export const SHA256_PATTERN = /^[0-9a-f]{64}$/;
export const SHA256_RULE = 'a sha256: 64 lower-case hexadecimal digits';

/** Debian's architecture names, which images carry. */
export const IMAGE_ARCHITECTURES = ['amd64', 'arm64', 'armhf', 'i386', 'riscv64'] as const;
export type ImageArchitecture = (typeof IMAGE_ARCHITECTURES)[number];

const NODE_TO_DEBIAN: Readonly<Record<string, ImageArchitecture>> = { x64: 'amd64', arm64: 'arm64', arm: 'armhf', ia32: 'i386', riscv64: 'riscv64' };

/** Debian's name of a Node.js architecture (`process.arch`): x64 -> amd64, arm -> armhf; null for one no image is made for. */
export function debianArchitecture(nodeArchitecture: string): ImageArchitecture | null {
  return NODE_TO_DEBIAN[nodeArchitecture] ?? null;
}

/** Headers of PUT /images/:sha256 (lower case, as Node.js gives them). */
export const IMAGE_HEADERS = {
  /** The image's name in the library (instance-name rules). */
  name: 'x-image-name',
  architecture: 'x-image-architecture',
  /** The whole tarball's size in bytes (also when the body is only the rest of it). */
  size: 'x-image-size',
} as const;

export const IMAGE_NAME_PATTERN = INSTANCE_NAME_PATTERN;
export const IMAGE_NAME_RULE = INSTANCE_NAME_RULE;

/** Most images one node's cache lists. */
export const MAX_CACHED_IMAGES = 256;

export class ImageSha256Params {
  @ApiProperty({ description: `The image's ${SHA256_RULE}`, pattern: SHA256_PATTERN.source })
  @IsString({ message: `sha256 must be ${SHA256_RULE}` })
  @Matches(SHA256_PATTERN, { message: `sha256 must be ${SHA256_RULE} (got "$value")` })
  sha256!: string;
}

/** Which image an instance is created from: one complete in the node's cache. */
export class ImageRefDto {
  @ApiProperty({
    description: `The image's ${SHA256_RULE}; it must be complete in the node's cache (PUT /images/:sha256)`,
    pattern: SHA256_PATTERN.source,
    example: 'd2a84f4b8b650937ec8f73cd8be2c74add5a911ba64df27458ed8229da804a26',
  })
  @IsString({ message: `image.sha256 must be ${SHA256_RULE}` })
  @Matches(SHA256_PATTERN, { message: `image.sha256 must be ${SHA256_RULE} (got "$value")` })
  sha256!: string;
}

const SHA256_FIELD = { minLength: 64, maxLength: 64, pattern: SHA256_PATTERN, patternWords: SHA256_RULE } as const;

/** One complete image of the node's cache. */
export class CachedImageDto {
  @TextField({ description: 'sha256 of the tarball', example: 'd2a84f4b8b650937ec8f73cd8be2c74add5a911ba64df27458ed8229da804a26' }, SHA256_FIELD)
  sha256!: string;

  @TextField(
    { description: 'Its name in the library when it was sent', example: 'lab1' },
    { minLength: 1, maxLength: 63, pattern: IMAGE_NAME_PATTERN, patternWords: `an image name (${IMAGE_NAME_RULE})` },
  )
  name!: string;

  @OneOfField(IMAGE_ARCHITECTURES, { enum: IMAGE_ARCHITECTURES, enumName: 'ImageArchitecture', example: 'amd64' })
  architecture!: ImageArchitecture;

  @CountField({ description: 'Size of the tarball, bytes', example: 2_097_152 })
  sizeBytes!: number;

  @TimestampField({ description: 'Last created from (or received): eviction takes the least recently used first', example: '2026-01-12T09:30:00.000Z' })
  lastUsedAt!: string;
}

export class ImageCacheDto {
  @CountField({ description: 'Disk the cache may use (IMAGE_CACHE_MIB), bytes', example: 2_147_483_648 })
  budgetBytes!: number;

  @CountField({ description: 'Disk the cache uses now (complete and partial files), bytes', example: 2_097_152 })
  usedBytes!: number;

  @ObjectField(() => CachedImageDto, { type: [CachedImageDto], description: 'The complete images, most recently used first' }, { maxItems: MAX_CACHED_IMAGES })
  images!: CachedImageDto[];
}

export const IMAGE_CACHE_STATES = ['complete', 'partial'] as const;
export type ImageCacheState = (typeof IMAGE_CACHE_STATES)[number];

/** Where one image stands on the node: complete, or partial (what arrived so far, to resume from). */
export class ImageCacheEntryDto {
  @TextField({ description: 'sha256 of the tarball', example: 'd2a84f4b8b650937ec8f73cd8be2c74add5a911ba64df27458ed8229da804a26' }, SHA256_FIELD)
  sha256!: string;

  @OneOfField(IMAGE_CACHE_STATES, { enum: IMAGE_CACHE_STATES, enumName: 'ImageCacheState', example: 'partial' })
  state!: ImageCacheState;

  @CountField({ description: 'Bytes the node holds: a resumed PUT sends from here (Content-Range: bytes <receivedBytes>-…)', example: 1_048_576 })
  receivedBytes!: number;

  @CountField({ description: 'Size of the whole tarball, bytes', example: 2_097_152 })
  sizeBytes!: number;
}
