import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, IsUUID, Matches } from 'class-validator';
import { TOKEN_NAME_PATTERN, TOKEN_NAME_RULE } from './personal-token.dto.js';

/** Most device tokens one user may hold at once. */
export const MAX_DEVICES_PER_USER = 20;

export class MqttExamplesDto {
  @ApiProperty({ example: "mosquitto_sub -h 192.168.1.10 -p 1883 -u alice -P '<your token>' -t 'tinystack/nodes/+/usage' -v" })
  subscribe!: string;

  @ApiProperty({ example: "mosquitto_pub -h 192.168.1.10 -p 1883 -u alice -P '<your token>' -t 'class/alice/hello' -m 'hi'" })
  publish!: string;
}

/** How a device reaches the manager's MQTT broker. */
export class MqttInfoDto {
  @ApiProperty({ description: 'false: the broker is off (MQTT_ENABLED=false)' })
  enabled!: boolean;

  @ApiProperty({ type: 'integer', nullable: true, example: 1883, description: 'The plain TCP port; null when the broker is off' })
  port!: number | null;

  @ApiProperty({ example: '192.168.1.10', description: "The address a device should use: MANAGER_ADVERTISE_URL's host when set, else the host this request was sent to" })
  host!: string;

  @ApiProperty({ example: '/mqtt', description: "MQTT over WebSocket (subprotocol mqtt) on the manager's own port" })
  webSocketPath!: string;

  @ApiProperty({ example: ['class/alice/#', 'tinystack/# (read)'] })
  topicsYouMayUse!: string[];

  @ApiProperty({ type: MqttExamplesDto, description: 'Commands of Debian\'s mosquitto-clients; "<your token>" stands for a personal or device token' })
  examples!: MqttExamplesDto;
}

export class MqttClientDto {
  @ApiProperty({ example: 'esp32-kitchen' })
  clientId!: string;

  @ApiProperty({ example: 'alice' })
  username!: string;

  @ApiProperty({ example: '192.168.1.31' })
  address!: string;

  @ApiProperty({ enum: ['tcp', 'websocket'] })
  transport!: 'tcp' | 'websocket';

  @ApiProperty({ format: 'date-time' })
  connectedAt!: string;

  @ApiProperty({ type: 'integer', description: 'Messages it published that were accepted' })
  messagesIn!: number;

  @ApiProperty({ type: 'integer', description: 'Messages delivered to it' })
  messagesOut!: number;

  @ApiProperty({ type: [String], example: ['class/alice/#'] })
  subscriptions!: string[];
}

export class CreateDeviceDto {
  @ApiProperty({ description: `What the device is, to recognise it in the list: ${TOKEN_NAME_RULE}`, example: 'esp32 on the robot', maxLength: 64 })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: 'name must be a string' })
  @Matches(TOKEN_NAME_PATTERN, { message: `name must be ${TOKEN_NAME_RULE}` })
  name!: string;
}

export const CREATE_DEVICE_EXAMPLES = {
  robot: { summary: 'A board on a robot', value: { name: 'esp32 on the robot' } },
} satisfies Record<string, { summary: string; value: CreateDeviceDto }>;

export class DeviceDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'esp32 on the robot' })
  name!: string;

  @ApiProperty({ example: 'alice', description: 'The MQTT username that goes with the token' })
  username!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Last MQTT connection made with it (recorded about once a minute); null: never used' })
  lastUsedAt!: string | null;

  @ApiProperty({ description: 'Whether an MQTT client is connected with it now' })
  connected!: boolean;
}

export class CreatedDeviceDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'esp32 on the robot' })
  name!: string;

  @ApiProperty({ example: 'alice' })
  username!: string;

  @ApiProperty({
    description: 'Shown this once: the MQTT password of the device (with its username). It works for MQTT only, not the API. The manager keeps only its SHA-256',
    example: 'tsd_3q2-7wEq9mV0b1c5dXf8kLpR2sTuYzA4nBhJ6gKoWxI',
  })
  token!: string;
}

export class DeviceIdParams {
  @ApiProperty({ description: 'Device id (see GET /api/devices)', format: 'uuid' })
  @IsUUID('4', { message: 'id must be a device id (a UUID), got "$value"' })
  id!: string;
}
