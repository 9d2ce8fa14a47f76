import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query, UseFilters } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiBodyExamples, ApiErrors } from '@tinystack/api-kit';
import {
  CREATE_PORT_FORWARD_EXAMPLES,
  CreatePortForwardDto,
  InstanceIdParams,
  PortForwardDto,
  PortForwardParams,
  PortForwardQuery,
} from '@tinystack/contracts';
import { LxcErrorFilter } from '../instances/lxc-error.filter.js';
import { PortForwardsService } from './port-forwards.service.js';

@ApiTags('ports')
@ApiErrors(401)
@UseFilters(LxcErrorFilter)
@Controller('instances')
export class PortsController {
  constructor(private readonly ports: PortForwardsService) {}

  @Get(':id/ports')
  @ApiOperation({ summary: "The board's ports forwarded to this instance" })
  @ApiParam({ name: 'id', description: 'Instance id (its name)' })
  @ApiOkResponse({ type: [PortForwardDto], description: 'Every forward of the instance' })
  @ApiErrors(400, 404, 503)
  listPortForwards(@Param() params: InstanceIdParams): PortForwardDto[] {
    return this.ports.list(params.id);
  }

  @Post(':id/ports')
  @ApiOperation({
    summary: "Forward a port of the board to a port of the instance",
    description:
      "Traffic to any of the board's addresses on hostPort goes to the instance's current IPv4 address (it follows a restart). " +
      'Without hostPort the node picks a free one from its PORT_RANGE. A stopped instance keeps its forwards; they apply once it runs.',
  })
  @ApiParam({ name: 'id', description: 'Instance id (its name)' })
  @ApiBodyExamples(CreatePortForwardDto, CREATE_PORT_FORWARD_EXAMPLES)
  @ApiCreatedResponse({ type: PortForwardDto, description: 'The forward, in place' })
  @ApiErrors(400, 404, 409, 503)
  createPortForward(@Param() params: InstanceIdParams, @Body() request: CreatePortForwardDto): Promise<PortForwardDto> {
    return this.ports.add(params.id, request);
  }

  @Delete(':id/ports/:hostPort')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove a forward' })
  @ApiParam({ name: 'id', description: 'Instance id (its name)' })
  @ApiParam({ name: 'hostPort', description: "The board's port of the forward" })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiErrors(400, 404, 503)
  deletePortForward(@Param() params: PortForwardParams, @Query() query: PortForwardQuery): Promise<void> {
    return this.ports.remove(params.id, params.hostPort, query.protocol ?? 'tcp');
  }
}
