import { Module } from '@nestjs/common';
import { WebSocketUpgradesModule } from '@tinystack/api-kit';
import { BoardsModule } from '../boards/boards.module.js';
import { ClockModule } from '../clock/clock.module.js';
import { EventsModule } from '../events/events.module.js';
import { StorageModule } from '../storage/storage.module.js';
import { DevicesController } from './devices.controller.js';
import { MqttBroker } from './mqtt-broker.service.js';
import { MqttController } from './mqtt.controller.js';
import { MqttCredentials } from './mqtt-credentials.service.js';
import { MqttPersistence } from './mqtt-persistence.js';
import { MqttPublisher } from './mqtt-publisher.service.js';

/** The MQTT broker for the class's devices, the cloud's telemetry on it, device tokens, and GET /api/mqtt. */
@Module({
  imports: [WebSocketUpgradesModule, EventsModule, StorageModule, ClockModule, BoardsModule],
  controllers: [MqttController, DevicesController],
  providers: [MqttCredentials, MqttPersistence, MqttBroker, MqttPublisher],
})
export class MqttModule {}
