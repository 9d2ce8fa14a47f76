import { Injectable } from '@angular/core';
import type { components } from '../api/generated/manager-api';
import { HttpMqttApi } from './http-mqtt-api';

/** How a device reaches the broker (GET /api/mqtt): host, port, topics and mosquitto examples for the viewer. */
export type MqttInfo = components['schemas']['MqttInfoDto'];
/** A client connected to the broker now (GET /api/mqtt/clients). */
export type MqttClientInfo = components['schemas']['MqttClientDto'];

/**
 * The manager's MQTT routes as the MQTT page uses them; HttpMqttApi
 * implements it on the console's one client, tests provide a strict fake.
 * Every method fails with an ApiError. Bound here, in the lazy feature
 * folder, so that only the MQTT page downloads it.
 */
@Injectable({ providedIn: 'root', useClass: HttpMqttApi })
export abstract class MqttApi {
  abstract info(): Promise<MqttInfo>;
  /** The viewer's own clients; an admin's: everyone's. Oldest connection first. */
  abstract clients(): Promise<MqttClientInfo[]>;
}
