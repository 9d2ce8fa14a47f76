import { Body, Controller, HttpCode, HttpStatus, Param, Post, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiBodyExamples, ApiErrors, BodyLimit } from '@tinystack/api-kit';
import { EXEC_BODY_LIMIT_BYTES, EXEC_EXAMPLES, ExecRequestDto, ExecResultDto, InstanceIdParams } from '@tinystack/contracts';
import { LxcErrorFilter } from '../instances/lxc-error.filter.js';
import { ExecService } from './exec.service.js';

@ApiTags('instances')
@ApiErrors(401, 503)
@UseFilters(LxcErrorFilter)
@Controller('instances')
export class ExecController {
  constructor(private readonly exec: ExecService) {}

  @Post(':id/exec')
  @HttpCode(HttpStatus.OK)
  @BodyLimit(EXEC_BODY_LIMIT_BYTES)
  @ApiOperation({
    summary: 'Run a command in a running container and answer with its output',
    description:
      'The command is an argument array run with lxc-attach in a cleared environment (PATH has a default). ' +
      "stdout and stderr are each cut at the node's EXEC_OUTPUT_MAX_BYTES (1 MiB by default). After timeoutSeconds " +
      'the command and every process it started, inside the container too, are killed: the answer then has ' +
      'timedOut true and exitCode null. 409 when the instance is not running.',
  })
  @ApiParam({ name: 'id', description: 'Instance id (its name)' })
  @ApiBodyExamples(ExecRequestDto, EXEC_EXAMPLES)
  @ApiOkResponse({ type: ExecResultDto, description: 'The command ran (whatever its exit status) or was killed for its timeout' })
  @ApiErrors(400, 404, 409)
  execInInstance(@Param() params: InstanceIdParams, @Body() request: ExecRequestDto): Promise<ExecResultDto> {
    return this.exec.run(params.id, request);
  }
}
