import { Controller, Delete, Get, HttpCode, HttpStatus, Param, Put, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
// node:http's classes, not express's types: decorator metadata would name the global Request (undici, which needs WebAssembly).
import { IncomingMessage, ServerResponse } from 'node:http';
import { ApiErrors, StreamedBody } from '@tinystack/api-kit';
import { IMAGE_ARCHITECTURES, IMAGE_HEADERS, ImageCacheDto, ImageCacheEntryDto, ImageSha256Params } from '@tinystack/contracts';
import { ImageCache } from './image-cache.service.js';

const SHA256_PARAM = { name: 'sha256', description: 'sha256 of the image tarball (64 lower-case hex digits)' } as const;

@ApiTags('images')
@ApiErrors(401)
@Controller('images')
export class ImagesController {
  constructor(private readonly cache: ImageCache) {}

  @Get()
  @ApiOperation({ summary: "The node's image cache: its budget, what it uses, the complete images (most recently used first)" })
  @ApiOkResponse({ type: ImageCacheDto })
  listImages(): ImageCacheDto {
    return this.cache.list();
  }

  @Get(':sha256')
  @ApiOperation({ summary: 'Whether the node holds an image, complete or partial (how many bytes arrived: where a resume starts)' })
  @ApiParam(SHA256_PARAM)
  @ApiOkResponse({ type: ImageCacheEntryDto })
  @ApiErrors(400, 404)
  describeImage(@Param() params: ImageSha256Params): ImageCacheEntryDto {
    return this.cache.describe(params.sha256);
  }

  @Put(':sha256')
  @StreamedBody()
  @ApiOperation({
    summary: 'Send an image (a root filesystem tarball) to the node, or the rest of one',
    description:
      'The body is the tarball (application/octet-stream), streamed to disk and hashed as it arrives. ' +
      'With Content-Range: bytes <from>-<to>/<total> it is the rest of a partial image: from must be the receivedBytes ' +
      'of GET /images/{sha256} (else 416). Once all bytes are in, the sha256 is checked: 201 when it matches; 422 when ' +
      'not (the image arrived corrupted: it is deleted). An image for another architecture than the board\'s is 422 before ' +
      'a byte is read; one that does not fit IMAGE_CACHE_MIB after evicting the least recently used images is 507. ' +
      'An image already complete is 200 and its body is not read; a body that ends before the image does is 200 with ' +
      'state partial.',
  })
  @ApiParam(SHA256_PARAM)
  @ApiConsumes('application/octet-stream')
  @ApiHeader({ name: 'X-Image-Name', required: true, description: 'Its name in the library (instance-name rules)' })
  @ApiHeader({ name: 'X-Image-Architecture', required: true, description: `One of: ${IMAGE_ARCHITECTURES.join(', ')}` })
  @ApiHeader({ name: 'X-Image-Size', required: true, description: 'Bytes of the whole tarball' })
  @ApiHeader({ name: 'Content-Range', required: false, description: 'bytes <from>-<to>/<total>, to resume a partial image' })
  @ApiCreatedResponse({ type: ImageCacheEntryDto, description: 'Complete and checked' })
  @ApiOkResponse({ type: ImageCacheEntryDto, description: 'Already complete (body not read), or partial (the body ended early)' })
  @ApiErrors(400, 409, 416, 422, 507)
  async receiveImage(@Param() params: ImageSha256Params, @Req() request: IncomingMessage, @Res({ passthrough: true }) response: ServerResponse): Promise<ImageCacheEntryDto> {
    const header = (name: string) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    try {
      const { created, entry } = await this.cache.receive(
        params.sha256,
        {
          name: header(IMAGE_HEADERS.name) ?? '',
          architecture: header(IMAGE_HEADERS.architecture) ?? '',
          sizeBytes: /^\d{1,16}$/.test(header(IMAGE_HEADERS.size) ?? '') ? Number(header(IMAGE_HEADERS.size)) : Number.NaN,
          contentRange: header('content-range'),
        },
        request,
      );
      response.statusCode = created ? HttpStatus.CREATED : HttpStatus.OK;
      if (!request.readableEnded) response.setHeader('connection', 'close');
      return entry;
    } catch (error) {
      // Refused before (or while) reading the body: the rest of it is not wanted on this connection.
      if (!request.readableEnded) response.setHeader('connection', 'close');
      throw error;
    }
  }

  @Delete(':sha256')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove an image from the node (409 while it arrives or an instance is created from it)' })
  @ApiParam(SHA256_PARAM)
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiErrors(400, 404, 409)
  deleteImage(@Param() params: ImageSha256Params): Promise<void> {
    return this.cache.remove(params.sha256);
  }
}
