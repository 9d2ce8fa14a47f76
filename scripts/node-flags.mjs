// Node flags a compute node runs with (npm run start:compute, npm start, the
// systemd unit in the README, the benchmark). V8's lite mode skips the
// optimising compilers: a node serves a few requests a second, and on a 1 GB
// board the ~8 MB it saves matter more than peak throughput.
//
// Lite mode also turns WebAssembly off (it needs run-time code generation), and
// V8 says so at every start ("disabling flag --expose_wasm due to conflicting
// flags") unless WebAssembly is off already: --no-expose-wasm says it is meant.
// Nothing in a compute node may need WebAssembly, and so nothing may call
// fetch(): Node 20's fetch parses HTTP with undici's llhttp, a WebAssembly
// module, and dies with "WebAssembly is not defined" (node:http works).
export const COMPUTE_NODE_FLAGS = ['--lite-mode', '--no-expose-wasm'];
