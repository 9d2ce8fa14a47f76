import { Injectable, inject } from '@angular/core';
import { ManagerClient } from '../api/manager-client';
import type { MqttApi, MqttClientInfo, MqttInfo } from './mqtt-api';

/** The MQTT routes through the console's one client (ManagerClient: sign-out on 401). */
@Injectable()
// `implements`, not `extends`: MqttApi names this class as its implementation, so it may only import its type.
export class HttpMqttApi implements MqttApi {
  private readonly client = inject(ManagerClient);

  info(): Promise<MqttInfo> {
    return this.client.call((client) => client.GET('/api/mqtt'));
  }

  clients(): Promise<MqttClientInfo[]> {
    return this.client.call((client) => client.GET('/api/mqtt/clients'));
  }
}
