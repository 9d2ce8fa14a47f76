/** Injection token of the ResourceSampler's options (ResourceSamplerModule provides it). */
export const RESOURCE_SAMPLER_OPTIONS = Symbol('RESOURCE_SAMPLER_OPTIONS');

export interface ResourceSamplerOptions {
  /** Time between two readings; also the interval each figure averages over. */
  intervalMs: number;
}
