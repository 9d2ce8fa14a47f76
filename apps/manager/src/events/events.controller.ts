import { Controller, Get, Inject, Query, Sse, type MessageEvent } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { interval, map, merge, type Observable } from 'rxjs';
import { ApiErrors } from '@tinystack/api-kit';
import { EventLogPageDto, EventLogQuery, MANAGER_EVENT_SCHEMAS } from '@tinystack/contracts';
import { ManagerSettings } from '../config/manager.settings.js';
import { EventLog } from './event-log.service.js';
import { ManagerEventBus } from './manager-event-bus.js';


/** A client that stops reading is dropped once this much event text waits for it. */
const MAX_PENDING_EVENT_TEXT = 512 * 1024;

const EVENT_SCHEMAS = Object.values(MANAGER_EVENT_SCHEMAS);

/** The comment line sent every EVENT_KEEPALIVE_MS: ": keep-alive". */
export const KEEPALIVE_COMMENT = 'keep-alive';

@ApiTags('events')
@ApiErrors(401)
@Controller('events')
export class EventsController {
  constructor(
    private readonly bus: ManagerEventBus,
    private readonly log: EventLog,
    @Inject(ManagerSettings) private readonly settings: ManagerSettings,
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
      "A browser's EventSource sends the session cookie (same origin); other clients send \"Authorization: Bearer\".",
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
  streamEvents(): Observable<MessageEvent> {
    const keepAlive = interval(this.settings.EVENT_KEEPALIVE_MS).pipe(map((): MessageEvent => ({ comment: KEEPALIVE_COMMENT })));
    return merge(this.bus.events$.pipe(map((event): MessageEvent => ({ data: event }))), keepAlive);
  }

  @Get('log')
  @ApiOperation({ summary: 'The stored event log, newest first, a page at a time' })
  @ApiOkResponse({ type: EventLogPageDto, description: 'One page of entries, newest first' })
  @ApiErrors(400)
  getEventLog(@Query() query: EventLogQuery): EventLogPageDto {
    return this.log.page(query);
  }
}
