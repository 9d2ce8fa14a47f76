import type { Device } from '@tinystack/manager-client';
import type { Column } from '../output/table.js';
import { defineVerb } from './verb.js';

const DEVICE_COLUMNS: readonly Column<Device>[] = [
  { header: 'ID', cell: (device) => device.id },
  { header: 'NAME', cell: (device) => device.name, shrink: 'truncate' },
  { header: 'USER', cell: (device) => device.username },
  { header: 'CREATED', cell: (device) => device.createdAt.slice(0, 10) },
  { header: 'LAST USED', cell: (device) => device.lastUsedAt?.replace('T', ' ').slice(0, 16) ?? 'never' },
  { header: 'ONLINE', cell: (device) => (device.connected ? 'yes' : 'no') },
];

export const deviceAddVerb = defineVerb({
  name: 'device add',
  section: 'MQTT',
  summary: 'Make a device token: the MQTT password of one of your boards (shown once)',
  description: [
    'The device connects to the broker with your username and this token as its password. It works for MQTT ' +
      'only, not for the API; the manager keeps only its SHA-256, so this is the one time it is shown.',
    'With --json: the device with its token (POST /api/devices).',
  ],
  arguments: [{ name: 'NAME' }],
  examples: ["tinystack device add 'esp32 on the robot'"],
  async run(call) {
    const manager = call.manager();
    const device = await manager.addDevice(call.args[0]!, { timeoutMs: call.timeouts.readMs });
    if (call.json) return call.out.json(device);
    const info = await manager.mqtt({ timeoutMs: call.timeouts.readMs });
    call.out.lines([
      `Device "${device.name}" (${device.id}): username ${device.username}, password (shown only now):`,
      `  ${device.token}`,
      '',
      'Try it:',
      `  ${info.examples.subscribe.replace('<your token>', device.token)}`,
    ]);
  },
});

export const deviceListVerb = defineVerb({
  name: 'device list',
  section: 'MQTT',
  summary: 'Your device tokens (an admin sees everyone\'s), without their secrets',
  description: ["With --json: the manager's list (GET /api/devices)."],
  async run(call) {
    const devices = await call.manager().listDevices({ timeoutMs: call.timeouts.readMs });
    if (call.json) return call.out.json(devices);
    if (devices.length === 0) {
      call.out.line('No device tokens. Make one: tinystack device add NAME');
      return;
    }
    call.out.table(DEVICE_COLUMNS, devices);
  },
});

export const deviceRevokeVerb = defineVerb({
  name: 'device revoke',
  section: 'MQTT',
  summary: 'Revoke a device token: its MQTT connections end at once',
  description: ['ID as tinystack device list shows it. Prints nothing with --json.'],
  arguments: [{ name: 'ID' }],
  async run(call) {
    await call.manager().revokeDevice(call.args[0]!, { timeoutMs: call.timeouts.readMs });
    if (!call.json) call.out.line(`Revoked the device token ${call.args[0]}; its MQTT clients were disconnected.`);
  },
});
