import type { ComputeClient } from '@tinystack/compute-client';

/** Makes the client the manager talks to one node with. */
export abstract class ComputeClientFactory {
  abstract create(url: string, token: string): ComputeClient;
}
