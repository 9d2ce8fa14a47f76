import { Injectable } from '@nestjs/common';
import { ComputeClient } from '@tinystack/compute-client';
import { ComputeClientFactory } from './compute-client.factory.js';

@Injectable()
export class HttpComputeClientFactory extends ComputeClientFactory {
  create(url: string, token: string): ComputeClient {
    return new ComputeClient({ baseUrl: url, token });
  }
}
