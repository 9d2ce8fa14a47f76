import { Body, ConflictException, Controller, Delete, Get, HttpCode, HttpStatus, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiBodyExamples, ApiErrors } from '@tinystack/api-kit';
import {
  CREATE_DEVICE_EXAMPLES,
  CreatedDeviceDto,
  CreateDeviceDto,
  DeviceDto,
  DeviceIdParams,
  EventAction,
  EventResult,
  MAX_DEVICES_PER_USER,
} from '@tinystack/contracts';
import { CurrentPrincipal } from '../auth/auth.decorators.js';
import { isAdmin, type Principal } from '../auth/principal.js';
import { EventLog } from '../events/event-log.service.js';
import type { TokenRecord } from '../tokens/token-record.js';
import { TokenStore } from '../tokens/token-store.service.js';
import { UserDirectory } from '../users/user-directory.service.js';
import { MqttBroker } from './mqtt-broker.service.js';

@ApiTags('mqtt')
@ApiErrors(401)
@Controller('devices')
export class DevicesController {
  constructor(
    private readonly tokens: TokenStore,
    private readonly users: UserDirectory,
    private readonly broker: MqttBroker,
    private readonly eventLog: EventLog,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'A device token: the MQTT password of one of your boards (shown once)',
    description:
      'The device connects with your username and this token as the password. It works for MQTT only (the API refuses it) ' +
      `until revoked, or until you are disabled. The manager keeps only its SHA-256. At most ${MAX_DEVICES_PER_USER} per user.`,
  })
  @ApiBodyExamples(CreateDeviceDto, CREATE_DEVICE_EXAMPLES)
  @ApiCreatedResponse({ type: CreatedDeviceDto, description: 'The device with its token: this answer is the only place it appears' })
  @ApiErrors(400, 409)
  createDevice(@CurrentPrincipal() principal: Principal, @Body() request: CreateDeviceDto): CreatedDeviceDto {
    if (this.tokens.listOf(principal.userId, 'device').length >= MAX_DEVICES_PER_USER) {
      throw new ConflictException(`You have ${MAX_DEVICES_PER_USER} devices already: revoke one first (DELETE /api/devices/<id>)`);
    }
    const { token, record } = this.tokens.create(principal.userId, request.name, undefined, 'device');
    this.log(principal, EventAction.TOKEN_CREATED, `${principal.username} created the device token "${record.name}" (MQTT only)`);
    return { id: record.id, name: record.name, username: principal.username, token };
  }

  @Get()
  @ApiOperation({ summary: "The caller's device tokens (an admin: everyone's), without their secrets" })
  @ApiOkResponse({ type: [DeviceDto], description: 'Oldest first' })
  listDevices(@CurrentPrincipal() principal: Principal): DeviceDto[] {
    const records = isAdmin(principal) ? this.tokens.listAll('device') : this.tokens.listOf(principal.userId, 'device');
    const connected = new Set(this.broker.connected().flatMap((client) => (client.principal.token ? [client.principal.token.id] : [])));
    return records.map((record) => this.toDto(record, connected.has(record.id)));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke a device token: its MQTT clients are disconnected at once' })
  @ApiParam({ name: 'id', description: 'Device id (see GET /api/devices)', format: 'uuid' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiErrors(400, 404)
  revokeDevice(@CurrentPrincipal() principal: Principal, @Param() params: DeviceIdParams): void {
    const record = this.tokens.get(params.id);
    if (!record || record.kind !== 'device' || (!isAdmin(principal) && record.userId !== principal.userId)) {
      throw new NotFoundException(`You have no device with id "${params.id}" (see GET /api/devices)`);
    }
    this.tokens.revoke(record.id);
    this.log(principal, EventAction.TOKEN_REVOKED, `${principal.username} revoked the device token "${record.name}"`);
  }

  private toDto(record: TokenRecord, connected: boolean): DeviceDto {
    return {
      id: record.id,
      name: record.name,
      username: this.users.get(record.userId)?.username ?? 'unknown',
      createdAt: record.createdAt.toISOString(),
      lastUsedAt: record.lastUsedAt?.toISOString() ?? null,
      connected,
    };
  }

  private log(principal: Principal, action: EventAction, message: string): void {
    this.eventLog.record({ action, result: EventResult.SUCCESS, nodeId: null, nodeName: null, instance: null, message, actor: principal.actor, owner: null });
  }
}
