// Node flags a compute node runs with (npm run start:compute, npm start, the
// release's launcher, the benchmark). V8's lite mode skips the optimising
// compilers: a node serves a few requests a second, and on a 1 GB board the
// ~8 MB it saves matter more than peak throughput.
//
// Lite mode also turns WebAssembly off (it needs run-time code generation), and
// the V8 of Node.js 20 and 22 says so at every start ("disabling flag
// --expose_wasm due to conflicting flags") unless WebAssembly is off already:
// --no-expose-wasm says it is meant. The V8 of Node.js 24 neither warns nor
// knows that flag (node stops at "bad option"). Nothing in a compute node may
// need WebAssembly, and so nothing may call fetch(): Node's fetch parses HTTP
// with undici's llhttp, a WebAssembly module, and dies with "WebAssembly is
// not defined" (node:http works).

/** The flags for a compute node on Node.js `major`. */
export function computeNodeFlags(major) {
  return major >= 24 ? ['--lite-mode'] : ['--lite-mode', '--no-expose-wasm'];
}

/** The flags for the Node.js running this script. */
export const COMPUTE_NODE_FLAGS = computeNodeFlags(Number(process.versions.node.split('.')[0]));

// Node flags the manager runs with (npm run start:manager, npm start, the
// benchmark, the process tests). A manager polling 50 boards allocates a steady
// stream of short-lived answers; V8 then grows its young generation to 32 MB,
// which is resident memory a 1 GB board pays for. A 1 MB semi-space keeps it
// small (measured: 125 -> 103 MB at 50 nodes) for a few more, cheap scavenges.
export const MANAGER_NODE_FLAGS = ['--max-semi-space-size=1'];
