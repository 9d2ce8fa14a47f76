import { Inject, Injectable } from '@nestjs/common';
import { ComputeClient, type ComputeNodeApi } from '@tinystack/compute-client';
import { ManagerSettings } from '../config/manager.settings.js';
import { ComputeClientFactory } from './compute-client.factory.js';

@Injectable()
export class HttpComputeClientFactory extends ComputeClientFactory {
  constructor(@Inject(ManagerSettings) private readonly settings: ManagerSettings) {
    super();
  }

  create(url: string, token: string): ComputeNodeApi {
    return new ComputeClient({
      baseUrl: url,
      token,
      maxAnswerBytes: this.settings.NODE_ANSWER_MAX_BYTES,
      actionConcurrency: this.settings.NODE_ACTION_CONCURRENCY,
    });
  }
}
