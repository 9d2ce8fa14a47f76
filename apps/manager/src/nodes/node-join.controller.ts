import { Body, Controller, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiBodyExamples, ApiErrors, clientAddress, Public } from '@tinystack/api-kit';
import { ErrorDto, NODE_JOIN_EXAMPLES, NodeJoinAnswerDto, NodeJoinRequestDto } from '@tinystack/contracts';
import { NodeJoin } from './node-join.service.js';

@ApiTags('join')
@Controller('nodes')
export class NodeJoinController {
  constructor(private readonly nodeJoin: NodeJoin) {}

  @Post('join')
  @Public()
  @ApiOperation({
    summary: 'A board joins by itself (what a compute node with MANAGER_URL and JOIN_TOKEN calls; no bearer token)',
    description:
      'The join token in the body is the credential. The manager reaches the board at advertiseUrl, else at ' +
      'http://<the address the request came from>:<port>, talks to it as a registration does (GET /health must report ' +
      'computeId; GET /usage with computeToken; GET /instances), stores it and polls it. A board it has already (the same ' +
      'computeId, e.g. after a restart) is a rejoin: 200, its URL and compute token updated when they changed; such a board ' +
      'may rejoin after its token expired, not after it was revoked. Every join and refusal is in the event log (node-joined; ' +
      'refusals at most once a minute per address and kind).',
    security: [],
  })
  @ApiBodyExamples(NodeJoinRequestDto, NODE_JOIN_EXAMPLES)
  @ApiResponse({ status: 201, type: NodeJoinAnswerDto, description: 'A new node: registered' })
  @ApiOkResponse({ type: NodeJoinAnswerDto, description: 'A node the manager had already: rejoined is true' })
  @ApiErrors(400, 409, 503)
  @ApiResponse({ status: 401, type: ErrorDto, description: '"the join token is not known to this manager"' })
  @ApiResponse({ status: 403, type: ErrorDto, description: '"the join token was revoked at <time>", "the join token expired at <time>", or a single-use token used already' })
  @ApiResponse({
    status: 422,
    type: ErrorDto,
    description: '"the manager could not reach the board at <url>: <why> (set COMPUTE_ADVERTISE_URL on the board)"',
  })
  async joinNode(@Req() request: Request, @Res({ passthrough: true }) response: Response, @Body() body: NodeJoinRequestDto): Promise<NodeJoinAnswerDto> {
    const outcome = await this.nodeJoin.join(body, clientAddress(request));
    response.status(outcome.status === 201 ? HttpStatus.CREATED : HttpStatus.OK);
    return outcome.answer;
  }
}
