import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '@tinystack/api-kit';
import { OperationDto, OperationIdParams, OperationListQuery, OperationWaitQuery } from '@tinystack/contracts';
import { CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { OperationsService } from './operations.service.js';

export const OPERATIONS_PATH = 'operations';

@ApiTags('operations')
@ApiErrors(401)
@Controller(OPERATIONS_PATH)
export class OperationsController {
  constructor(private readonly operations: OperationsService) {}

  @Get()
  @ApiOperation({
    summary: 'Recent operations, newest first',
    description:
      'Kept in memory: the newest 1000, none that finished over an hour ago. The event log keeps every outcome. ' +
      'A member sees the operations on their own instances only.',
  })
  @ApiOkResponse({ type: [OperationDto], description: 'Operations, newest first' })
  @ApiErrors(400)
  listOperations(@CurrentPrincipal() viewer: Principal, @Query() query: OperationListQuery): OperationDto[] {
    return this.operations.list(query, viewer);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One operation; with ?wait=, once it has finished (or the wait ran out)',
    description:
      'Answers at once without wait; with wait=N (seconds, up to 120) once the operation is no longer running, or ' +
      'after N seconds with it still running. 200 with the current state in every case: see status. ' +
      "To a member, an operation on someone else's instance is a 404, as one that is not kept.",
  })
  @ApiParam({ name: 'id', description: 'Operation id (see the Location of the 202 answer)', format: 'uuid' })
  @ApiOkResponse({ type: OperationDto, description: 'The operation as it is now' })
  @ApiErrors(400, 404)
  getOperation(
    @CurrentPrincipal() viewer: Principal,
    @Param() params: OperationIdParams,
    @Query() query: OperationWaitQuery,
  ): Promise<OperationDto> {
    return this.operations.wait(params.id, query.wait ?? 0, viewer);
  }
}
