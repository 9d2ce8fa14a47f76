import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, ValidateNested } from 'class-validator';
import { CreateInstanceDto } from '../instance-requests.dto.js';
import { ImageRefDto } from './image-cache.dto.js';

/**
 * POST /instances of a compute node: from a template or from an image of its
 * cache (never both). The manager's own create names an image of its library
 * instead, so `image` is not in the shared CreateInstanceDto.
 */
export class CreateNodeInstanceDto extends CreateInstanceDto {
  @ApiPropertyOptional({ type: ImageRefDto, description: "Create from this image of the node's cache instead of a template" })
  @IsOptional()
  @IsObject({ message: 'image must be an object: { sha256 }' })
  @ValidateNested()
  @Type(() => ImageRefDto)
  image?: ImageRefDto;
}
