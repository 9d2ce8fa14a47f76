import { Body, ConflictException, Controller, Delete, Get, HttpCode, HttpStatus, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiBodyExamples, ApiErrors } from '@tinystack/api-kit';
import {
  CREATE_TOKEN_EXAMPLES,
  CreatedPersonalTokenDto,
  CreatePersonalTokenDto,
  EventAction,
  EventResult,
  MAX_TOKENS_PER_USER,
  PersonalTokenDto,
  TokenIdParams,
} from '@tinystack/contracts';
import { CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { EventLog } from '../events/event-log.service.js';
import type { TokenRecord } from './token-record.js';
import { TokenStore } from './token-store.service.js';

@ApiTags('session')
@ApiErrors(401)
@Controller('tokens')
export class TokensController {
  constructor(
    private readonly tokens: TokenStore,
    private readonly eventLog: EventLog,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'A personal API token for the command line and scripts (shown once)',
    description:
      '"Authorization: Bearer <token>" then works on every /api route with the rights of the caller, until the token ' +
      `expires or is revoked, or the user is disabled. The manager keeps only its SHA-256. At most ${MAX_TOKENS_PER_USER} per user.`,
  })
  @ApiBodyExamples(CreatePersonalTokenDto, CREATE_TOKEN_EXAMPLES)
  @ApiCreatedResponse({ type: CreatedPersonalTokenDto, description: 'The token, with its secret: this answer is the only place it appears' })
  @ApiErrors(400, 403, 409)
  createToken(@CurrentPrincipal() principal: Principal, @Body() request: CreatePersonalTokenDto): CreatedPersonalTokenDto {
    if (this.tokens.listOf(principal.userId).length >= MAX_TOKENS_PER_USER) {
      throw new ConflictException(`You have ${MAX_TOKENS_PER_USER} tokens already: revoke one first (DELETE /api/tokens/<id>)`);
    }
    const { token, record } = this.tokens.create(principal.userId, request.name, request.expiresInDays);
    this.log(principal, EventAction.TOKEN_CREATED, `${principal.username} created the personal token "${record.name}"` + expiry(record));
    return { ...toTokenDto(record), token };
  }

  @Get()
  @ApiOperation({ summary: "The caller's personal tokens, without their secrets" })
  @ApiOkResponse({ type: [PersonalTokenDto], description: 'Oldest first' })
  @ApiErrors(403)
  listTokens(@CurrentPrincipal() principal: Principal): PersonalTokenDto[] {
    return this.tokens.listOf(principal.userId).map(toTokenDto);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke one of the caller\'s tokens: it is refused from the next request on' })
  @ApiParam({ name: 'id', description: 'Token id (see GET /api/tokens)', format: 'uuid' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiErrors(400, 403, 404)
  revokeToken(@CurrentPrincipal() principal: Principal, @Param() params: TokenIdParams): void {
    const record = this.tokens.get(params.id);
    if (!record || record.kind !== 'personal' || record.userId !== principal.userId) throw new NotFoundException(`You have no token with id "${params.id}" (see GET /api/tokens)`);
    this.tokens.revoke(record.id);
    this.log(principal, EventAction.TOKEN_REVOKED, `${principal.username} revoked the personal token "${record.name}"`);
  }

  private log(principal: Principal, action: EventAction, message: string): void {
    this.eventLog.record({ action, result: EventResult.SUCCESS, nodeId: null, nodeName: null, instance: null, message, actor: principal.actor, owner: null });
  }
}

function toTokenDto(record: TokenRecord): PersonalTokenDto {
  return {
    id: record.id,
    name: record.name,
    createdAt: record.createdAt.toISOString(),
    expiresAt: record.expiresAt?.toISOString() ?? null,
    lastUsedAt: record.lastUsedAt?.toISOString() ?? null,
  };
}

function expiry(record: TokenRecord): string {
  return record.expiresAt ? ` (expires ${record.expiresAt.toISOString()})` : ' (no expiry)';
}
