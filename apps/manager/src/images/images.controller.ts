import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiBodyExamples, ApiErrors, StreamedBody } from '@tinystack/api-kit';
import {
  ImageDto,
  ImageNameParams,
  ImportImageQuery,
  OperationDto,
  PUBLISH_IMAGE_EXAMPLES,
  PublishImageDto,
  UPDATE_IMAGE_EXAMPLES,
  UpdateImageDto,
} from '@tinystack/contracts';
import { AdminOnly, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { acceptedOperation, OPERATION_LOCATION_HEADER } from '../instances/operation-accepted.js';
import { ImageLibrary } from './image-library.service.js';
import { ImagePublisher } from './image-publisher.service.js';
import { ImageWarmer } from './image-warmer.service.js';

const WHO =
  'Every user lists the images and creates instances from them; only a teacher (admin) imports, publishes, renames, ' +
  'warms or deletes one.';

/** The image library: root filesystem tarballs the class creates instances from. */
@ApiTags('images')
@ApiErrors(401)
@Controller('images')
export class ImagesController {
  constructor(
    private readonly library: ImageLibrary,
    private readonly publisher: ImagePublisher,
    private readonly warmer: ImageWarmer,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The images of the library, by name', description: WHO })
  @ApiOkResponse({ type: [ImageDto], description: 'Every image, by name' })
  listImages(): ImageDto[] {
    return this.library.list();
  }

  @Get(':name')
  @ApiOperation({ summary: 'One image' })
  @ApiOkResponse({ type: ImageDto, description: 'The image' })
  @ApiErrors(400, 404)
  getImage(@Param() params: ImageNameParams): ImageDto {
    return this.library.get(params.name);
  }

  @Post('import')
  @AdminOnly('import images')
  @StreamedBody()
  @ApiOperation({
    summary: 'Import a root filesystem tarball as an image (the body is the tarball)',
    description:
      'The body is a tar of a root filesystem (its top directory is the root: ./bin, ./etc...; uncompressed is fastest on a board), ' +
      'sent as application/octet-stream (or application/x-tar). It is streamed to DATA_DIR/images and hashed as it comes; ' +
      'the answer has its sha256 and size. Refused: a bad name or architecture (400), a name taken (409, before a byte ' +
      'is read), a tarball over IMAGE_MAX_MIB (413: at once when Content-Length says so, else when it grows past it), ' +
      'a full disk (507). ' +
      WHO,
  })
  @ApiConsumes('application/octet-stream', 'application/x-tar')
  @ApiBody({ schema: { type: 'string', format: 'binary' }, description: 'The tarball' })
  @ApiCreatedResponse({ type: ImageDto, description: 'The image, stored' })
  @ApiErrors(400, 409, 413, 503, 507)
  importImage(@CurrentPrincipal() viewer: Principal, @Query() query: ImportImageQuery, @Req() request: Request): Promise<ImageDto> {
    const declared = Number(request.headers['content-length']);
    return this.library.importUpload(viewer, query, request, Number.isFinite(declared) ? declared : null);
  }

  @Post()
  @AdminOnly('publish images')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: "Publish a stopped instance's root filesystem as an image (an operation)",
    description:
      'Answers 202 with the operation: the node streams the root filesystem as a tar, the manager stores and hashes it ' +
      '(progress: the bytes so far). A running instance fails the operation with the node\'s 409. Refused at once: ' +
      'an unknown node or instance (404), a name taken (409), a node UNREACHABLE or FAULTY (503). ' +
      WHO,
  })
  @ApiBodyExamples(PublishImageDto, PUBLISH_IMAGE_EXAMPLES)
  @ApiAcceptedResponse({ type: OperationDto, description: 'The publish, running', headers: OPERATION_LOCATION_HEADER })
  @ApiErrors(400, 404, 409, 422, 503)
  publishImage(@CurrentPrincipal() viewer: Principal, @Body() request: PublishImageDto, @Res({ passthrough: true }) response: Response): OperationDto {
    return acceptedOperation(response, this.publisher.publish(viewer, request));
  }

  @Patch(':name')
  @AdminOnly('change images')
  @ApiOperation({
    summary: 'Rename an image or change its description',
    description: 'Instances created from it are not affected. A rename is refused (409) while a create from it runs. ' + WHO,
  })
  @ApiBodyExamples(UpdateImageDto, UPDATE_IMAGE_EXAMPLES)
  @ApiOkResponse({ type: ImageDto, description: 'The image as it is now' })
  @ApiErrors(400, 404, 409, 503)
  updateImage(@CurrentPrincipal() viewer: Principal, @Param() params: ImageNameParams, @Body() change: UpdateImageDto): ImageDto {
    return this.library.update(params.name, change, viewer);
  }

  @Delete(':name')
  @AdminOnly('delete images')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Delete an image from the library',
    description:
      "Refused (409, saying which) while a create, batch or warm from it runs. Nodes keep their cached copy until their cache evicts it; " +
      'instances created from it are not affected. ' +
      WHO,
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(400, 404, 409, 503)
  deleteImage(@CurrentPrincipal() viewer: Principal, @Param() params: ImageNameParams): void {
    this.library.remove(params.name, viewer);
  }

  @Post(':name/warm')
  @AdminOnly('warm images')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Send an image to every ACTIVE node of its architecture that lacks it (an operation), before a lesson',
    description:
      'One transfer per node at a time; the operation has one result per node (sent, already there, or why not) and the ' +
      'progress of the transfer under way. Refused at once: no ACTIVE node of that architecture (422). ' +
      WHO,
  })
  @ApiAcceptedResponse({ type: OperationDto, description: 'The warm, running', headers: OPERATION_LOCATION_HEADER })
  @ApiErrors(400, 404, 422)
  warmImage(@CurrentPrincipal() viewer: Principal, @Param() params: ImageNameParams, @Res({ passthrough: true }) response: Response): OperationDto {
    return acceptedOperation(response, this.warmer.warm(viewer, params.name));
  }
}
