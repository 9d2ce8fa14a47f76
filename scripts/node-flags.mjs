// Node flags a compute node runs with (npm run start:compute, npm start, the
// systemd unit in the README, the benchmark). V8's lite mode skips the
// optimising compilers: a node serves a few requests a second, and on a 1 GB
// board the ~8 MB it saves matter more than peak throughput.
export const COMPUTE_NODE_FLAGS = ['--lite-mode'];
