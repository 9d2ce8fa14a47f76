import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsDefined, IsIn, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import { INSTANCE_NAME_PATTERN, INSTANCE_NAME_RULE, IsInstanceName } from '../instance-name.js';
import { IMAGE_ARCHITECTURES, type ImageArchitecture } from '../compute/image-cache.dto.js';
import { IsNodeId } from './node-id.js';


export const IMAGE_DESCRIPTION_PATTERN = /^[^\u0000-\u001f\u007f]{0,500}$/;
export const IMAGE_DESCRIPTION_RULE = 'up to 500 characters, no line breaks or other control characters';

/** Where an image came from: an upload, a published instance, or the Debian build script (an upload named so). */
export const IMAGE_SOURCE_RULE = '"upload", "debian", or "instance:<node name>/<instance name>" for a published instance';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const architecture = `architecture must be one of: ${IMAGE_ARCHITECTURES.join(', ')} (got "$value")`;

/** A root filesystem tarball of the manager's library, with what is known of it. */
export class ImageDto {
  @ApiProperty({ description: 'Unique name of the image (instance-name rules)', example: 'lab1' })
  name!: string;

  @ApiProperty({ description: 'What it holds, for people', example: 'busybox with the lab 1 scripts' })
  description!: string;

  @ApiProperty({ enum: IMAGE_ARCHITECTURES, description: 'The CPU architecture it runs on (Debian names)', example: 'arm64' })
  architecture!: ImageArchitecture;

  @ApiProperty({ type: 'integer', description: 'Size of the tarball, bytes', example: 52428800 })
  sizeBytes!: number;

  @ApiProperty({ description: 'SHA-256 of the tarball, hex: what nodes check a download against', example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' })
  sha256!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ description: `Where it came from: ${IMAGE_SOURCE_RULE}`, example: 'instance:pi-node-1/lab1-master' })
  source!: string;

  @ApiProperty({ description: 'Who imported or published it: a username, or "admin token"', example: 'teacher' })
  createdBy!: string;
}

export class ImageNameParams {
  @IsInstanceName('Image name', 'lab1')
  name!: string;
}

/** POST /api/images/import: the tarball is the body; what it is comes in the query. */
export class ImportImageQuery {
  @IsInstanceName('Name of the new image', 'lab1')
  name!: string;

  @ApiProperty({ enum: IMAGE_ARCHITECTURES, description: 'The CPU architecture of the root filesystem (Debian names)', example: 'amd64' })
  @IsIn(IMAGE_ARCHITECTURES, { message: architecture })
  architecture!: ImageArchitecture;

  @ApiPropertyOptional({ description: `What it holds: ${IMAGE_DESCRIPTION_RULE}`, example: 'Debian 12 minbase' })
  @IsOptional()
  @Transform(trimmed)
  @IsString({ message: 'description must be a string' })
  @Matches(IMAGE_DESCRIPTION_PATTERN, { message: `description must be ${IMAGE_DESCRIPTION_RULE}` })
  description?: string;

  @ApiPropertyOptional({ enum: ['upload', 'debian'], description: 'Where the tarball came from: default upload; the Debian build script says debian', default: 'upload' })
  @IsOptional()
  @IsIn(['upload', 'debian'], { message: 'source must be upload or debian (got "$value")' })
  source?: 'upload' | 'debian';
}

/** The stopped instance an image is published from. */
export class ImageSourceInstanceDto {
  @IsNodeId()
  nodeId!: string;

  @IsInstanceName('Name of the stopped instance on that node', 'lab1-master')
  name!: string;
}

export class PublishImageDto {
  @IsInstanceName('Name of the new image', 'lab1')
  name!: string;

  @ApiProperty({ type: ImageSourceInstanceDto, description: 'The stopped instance whose root filesystem becomes the image' })
  @IsDefined({ message: 'fromInstance must be { nodeId, name } of a stopped instance' })
  @ValidateNested()
  @Type(() => ImageSourceInstanceDto)
  fromInstance!: ImageSourceInstanceDto;

  @ApiPropertyOptional({ description: `What it holds: ${IMAGE_DESCRIPTION_RULE}`, example: 'busybox with the lab 1 scripts' })
  @IsOptional()
  @Transform(trimmed)
  @IsString({ message: 'description must be a string' })
  @Matches(IMAGE_DESCRIPTION_PATTERN, { message: `description must be ${IMAGE_DESCRIPTION_RULE}` })
  description?: string;
}

export const PUBLISH_IMAGE_EXAMPLES = {
  publish: {
    summary: "The teacher's prepared instance becomes lab1",
    value: { name: 'lab1', fromInstance: { nodeId: '3f2b8c1e-5d4a-4f6b-9c2d-1a7e8b9c0d1e', name: 'lab1-master' }, description: 'busybox with the lab 1 scripts' },
  },
} satisfies Record<string, { summary: string; value: PublishImageDto }>;

export class UpdateImageDto {
  @ApiPropertyOptional({
    description: `New name: ${INSTANCE_NAME_RULE}; instances made from it are not affected`,
    pattern: INSTANCE_NAME_PATTERN.source,
    example: 'lab1-v2',
  })
  @IsOptional()
  @IsString({ message: 'name must be a string' })
  @Matches(INSTANCE_NAME_PATTERN, { message: `name must be ${INSTANCE_NAME_RULE} (got "$value")` })
  name?: string;

  @ApiPropertyOptional({ description: `New description: ${IMAGE_DESCRIPTION_RULE}`, example: 'lab 1, with the fixed script' })
  @IsOptional()
  @Transform(trimmed)
  @IsString({ message: 'description must be a string' })
  @Matches(IMAGE_DESCRIPTION_PATTERN, { message: `description must be ${IMAGE_DESCRIPTION_RULE}` })
  description?: string;
}

export const UPDATE_IMAGE_EXAMPLES = {
  rename: { summary: 'Rename', value: { name: 'lab1-v2' } },
  describe: { summary: 'Describe', value: { description: 'lab 1, with the fixed script' } },
} satisfies Record<string, { summary: string; value: UpdateImageDto }>;
