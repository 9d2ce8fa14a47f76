import type { ComputeNodeApi } from '@tinystack/compute-client';

/** Makes the client the manager talks to one node with (its lanes are its own). */
export abstract class ComputeClientFactory {
  abstract create(url: string, token: string): ComputeNodeApi;
}
