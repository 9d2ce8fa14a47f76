import type { MqttClientInfo } from '@tinystack/manager-client';
import type { Column } from '../output/table.js';
import { defineVerb } from './verb.js';

export const mqttInfoVerb = defineVerb({
  name: 'mqtt info',
  section: 'MQTT',
  summary: "How a device reaches the manager's MQTT broker (also: tinystack mqtt)",
  description: [
    "The broker's address and port, the topics you may use, and mosquitto_sub / mosquitto_pub examples " +
      '(Debian\'s mosquitto-clients) with "<your token>" for a personal token or a device token (tinystack device add NAME).',
    "With --json: the manager's answer (GET /api/mqtt).",
  ],
  async run(call) {
    const info = await call.manager().mqtt({ timeoutMs: call.timeouts.readMs });
    if (call.json) return call.out.json(info);
    if (!info.enabled) {
      call.out.line('The MQTT broker is off on this manager (MQTT_ENABLED=false).');
      return;
    }
    call.out.lines([
      `Broker:     ${info.host}:${info.port} (MQTT over TCP); ws://${info.host}:<manager port>${info.webSocketPath} for browsers`,
      `Your topics: ${info.topicsYouMayUse.join(', ')}`,
      '',
      `  ${info.examples.subscribe}`,
      `  ${info.examples.publish}`,
    ]);
  },
});

const CLIENT_COLUMNS: readonly Column<MqttClientInfo>[] = [
  { header: 'CLIENT', cell: (client) => client.clientId, shrink: 'truncate' },
  { header: 'USER', cell: (client) => client.username },
  { header: 'ADDRESS', cell: (client) => client.address },
  { header: 'VIA', cell: (client) => client.transport },
  { header: 'SINCE', cell: (client) => client.connectedAt.replace('T', ' ').slice(0, 19) },
  { header: 'IN', cell: (client) => String(client.messagesIn), align: 'right' },
  { header: 'OUT', cell: (client) => String(client.messagesOut), align: 'right' },
  { header: 'SUBSCRIPTIONS', cell: (client) => client.subscriptions.join(' '), shrink: 'truncate' },
];

export const mqttClientsVerb = defineVerb({
  name: 'mqtt clients',
  section: 'MQTT',
  summary: 'The MQTT clients connected now (yours; an admin sees everyone\'s)',
  description: [
    'Each connected client with its user, address, transport, since when (UTC), and the messages it published (IN) and received (OUT).',
    "With --json: the manager's list (GET /api/mqtt/clients).",
  ],
  async run(call) {
    const clients = await call.manager().mqttClients({ timeoutMs: call.timeouts.readMs });
    if (call.json) return call.out.json(clients);
    if (clients.length === 0) {
      call.out.line('No MQTT clients are connected.');
      return;
    }
    call.out.table(CLIENT_COLUMNS, clients);
  },
});
