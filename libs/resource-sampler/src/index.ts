export { FsProcReader, PROC_ROOT, resolveHostRoots, type HostRoots, type HostRootsOption } from './fs.proc-reader.js';
export { ProcReader } from './proc-reader.js';
export { ProcText } from './proc-text.js';
export type { ResourceSample } from './resource-sample.js';
export { ResourceSampler } from './resource-sampler.js';
export {
  ResourceSamplerModule,
  type ResourceSamplerModuleAsyncOptions,
  type ResourceSamplerModuleOptions,
} from './resource-sampler.module.js';
export { RESOURCE_SAMPLER_OPTIONS, type ResourceSamplerOptions } from './resource-sampler.options.js';
export { SamplerClock } from './sampler-clock.js';
export { SystemSamplerClock } from './system.sampler-clock.js';
