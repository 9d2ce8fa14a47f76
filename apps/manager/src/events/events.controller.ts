import { Controller, Get, Query, Sse, type MessageEvent } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Observable } from 'rxjs';
import { ApiErrors } from '@tinystack/api-kit';
import { EventLogPageDto, EventLogQuery, MANAGER_EVENT_SCHEMAS } from '@tinystack/contracts';
import { CurrentPrincipal } from '../auth/auth.decorators.js';
import { isAdmin, type Principal } from '../auth/principal.js';
import { EventLog } from './event-log.service.js';
import { EventStream } from './event-stream.service.js';

/** A client that stops reading is dropped once this much event text waits for it. */
const MAX_PENDING_EVENT_TEXT = 512 * 1024;

const EVENT_SCHEMAS = Object.values(MANAGER_EVENT_SCHEMAS);

@ApiTags('events')
@ApiErrors(401)
@Controller('events')
export class EventsController {
  constructor(
    private readonly stream: EventStream,
    private readonly log: EventLog,
  ) {}

  @Sse('', { maxPendingDataLength: MAX_PENDING_EVENT_TEXT })
  @ApiOperation({
    summary: 'Live events (Server-Sent Events): node state, fresh usage, instance changes, new log entries',
    description:
      'A text/event-stream that stays open. Every message is an unnamed event ("message") whose data is one JSON ' +
      'object; its `type` says which schema it follows: node-state (a node was registered, or its state or last ' +
      'error changed), node-usage (after each successful poll), node-removed, instances (a node\'s instance list ' +
      'changed), action (a new event log entry) and operation (an operation was accepted or finished). Past events ' +
      'are not replayed: read GET /api/events/log and GET /api/operations for those. Every EVENT_KEEPALIVE_MS ' +
      '(20 s) a comment line ": keep-alive" comes, so that a client can tell a dead link from a quiet manager. ' +
      'A member sees node events, and instance lists, operations and log entries about their own instances only. ' +
      "A browser's EventSource sends the session cookie (same origin); other clients send \"Authorization: Bearer\". " +
      'The stream ends when the credential does (sign-out, expiry, a disabled or deleted user, a revoked token).',
  })
  @ApiProduces('text/event-stream')
  @ApiExtraModels(...EVENT_SCHEMAS)
  @ApiOkResponse({
    description: 'The event stream; each message\'s data is one of these',
    content: {
      'text/event-stream': {
        schema: {
          oneOf: EVENT_SCHEMAS.map((schema) => ({ $ref: getSchemaPath(schema) })),
          discriminator: {
            propertyName: 'type',
            mapping: Object.fromEntries(
              Object.entries(MANAGER_EVENT_SCHEMAS).map(([type, schema]) => [type, getSchemaPath(schema)]),
            ),
          },
        },
      },
    },
  })
  streamEvents(@CurrentPrincipal() viewer: Principal): Observable<MessageEvent> {
    return this.stream.for(viewer);
  }

  @Get('log')
  @ApiOperation({
    summary: 'The stored event log, newest first, a page at a time',
    description: 'Admins read every entry; a member reads the entries about their own instances.',
  })
  @ApiOkResponse({ type: EventLogPageDto, description: 'One page of entries, newest first' })
  @ApiErrors(400)
  getEventLog(@CurrentPrincipal() viewer: Principal, @Query() query: EventLogQuery): EventLogPageDto {
    return this.log.page(query, isAdmin(viewer) ? {} : { ownerId: viewer.userId });
  }
}
