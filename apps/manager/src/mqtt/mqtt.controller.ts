import { Controller, Get, Headers, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '@tinystack/api-kit';
import { MqttClientDto, MqttInfoDto } from '@tinystack/contracts';
import { CurrentPrincipal } from '../auth/auth.decorators.js';
import { isAdmin, type Principal } from '../auth/principal.js';
import { ManagerSettings } from '../config/manager.settings.js';
import { MQTT_WEBSOCKET_PATH, MqttBroker } from './mqtt-broker.service.js';
import { ADMIN_USERNAME } from './mqtt-credentials.service.js';
import { ownSpace } from './topic-access.js';

/** Stands for the token in the examples: the manager never answers a real one here. */
export const TOKEN_PLACEHOLDER = '<your token>';

@ApiTags('mqtt')
@ApiErrors(401)
@Controller('mqtt')
export class MqttController {
  constructor(
    private readonly broker: MqttBroker,
    @Inject(ManagerSettings) private readonly settings: ManagerSettings,
  ) {}

  @Get()
  @ApiOperation({
    summary: "How a device reaches the manager's MQTT broker",
    description:
      'The address and port, the topics the caller may use, and mosquitto_sub / mosquitto_pub examples with a placeholder ' +
      'for the token (a personal token, or a device token from POST /api/devices). The host is MANAGER_ADVERTISE_URL\'s ' +
      'when set, else the one the request came to (its Host header).',
  })
  @ApiOkResponse({ type: MqttInfoDto })
  info(@CurrentPrincipal() principal: Principal, @Headers('host') hostHeader: string | undefined): MqttInfoDto {
    const host = brokerHost(this.settings.MANAGER_ADVERTISE_URL, hostHeader);
    const port = this.broker.port;
    const username = principal.authenticatedBy === 'admin-token' ? ADMIN_USERNAME : principal.username;
    const space = isAdmin(principal) ? `class/${username}/#` : ownSpace(username);
    const base = `-h ${host} -p ${port ?? 1883} -u ${username} -P '${TOKEN_PLACEHOLDER}'`;
    return {
      enabled: this.broker.enabled,
      port,
      host,
      webSocketPath: MQTT_WEBSOCKET_PATH,
      topicsYouMayUse: isAdmin(principal) ? ['# (all but publishing under tinystack/)', '$SYS/# (read)'] : [space, 'tinystack/# (read)'],
      examples: {
        subscribe: `mosquitto_sub ${base} -t 'tinystack/nodes/+/usage' -v`,
        publish: `mosquitto_pub ${base} -t 'class/${username}/hello' -m 'hello'`,
      },
    };
  }

  @Get('clients')
  @ApiOperation({ summary: "The MQTT clients connected now: the caller's own (an admin: everyone's)" })
  @ApiOkResponse({ type: [MqttClientDto], description: 'Oldest connection first' })
  clients(@CurrentPrincipal() principal: Principal): MqttClientDto[] {
    return this.broker
      .connected()
      .filter((client) => isAdmin(principal) || client.principal.userId === principal.userId)
      .sort((a, b) => a.connectedAt.getTime() - b.connectedAt.getTime())
      .map((client) => ({
        clientId: client.clientId,
        username: client.principal.username,
        address: client.address,
        transport: client.transport,
        connectedAt: client.connectedAt.toISOString(),
        messagesIn: client.messagesIn,
        messagesOut: client.messagesOut,
        subscriptions: [...client.subscriptions],
      }));
  }
}

/**
 * The host devices reach the broker at: MANAGER_ADVERTISE_URL's (where boards
 * and the class reach the manager) when set, else the request's Host header's,
 * without the port ("[::1]:8080" → "::1"): the broker listens on its own port.
 */
export function brokerHost(advertiseUrl: string | undefined, hostHeader: string | undefined): string {
  for (const url of [advertiseUrl, hostHeader === undefined ? undefined : `http://${hostHeader}`]) {
    if (!url) continue;
    try {
      return new URL(url).hostname.replace(/^\[|\]$/g, '');
    } catch {
      // The settings validated MANAGER_ADVERTISE_URL; a malformed Host header falls through.
    }
  }
  return 'localhost';
}
