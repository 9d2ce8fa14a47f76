// The floor an idle compute node is measured against: the least a Node.js
// process can do and still show what a node shows. It reads the same four
// /proc files as the sampler every second and composes an LED frame every
// 500 ms, with nothing else (no HTTP server, no framework). With an lxcpath
// (FLOOR_LXC_PATH) it also re-reads the container list the way the node does
// at idle (see InstanceInventory): every FLOOR_INVENTORY_MS it compares the
// lxcpath's folders and the containers' command sockets with the last look,
// and runs `lxc-ls -f` only when they differ.

/** The floor script's source (CommonJS), written into the benchmark's scratch folder and run with the node's flags. */
export const IDLE_FLOOR_SCRIPT = String.raw`'use strict';
const { readFileSync, readdirSync, statSync } = require('node:fs');
const { execFile } = require('node:child_process');
const number = (text) => Number(text) || 0;
let last = null;
let figures = { cpu: 0, memory: 0, rx: 0, tx: 0, io: 0 };
function sample() {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(number);
  const meminfo = readFileSync('/proc/meminfo', 'utf8');
  const total = number(/MemTotal:\s+(\d+)/.exec(meminfo)?.[1]);
  const available = number(/MemAvailable:\s+(\d+)/.exec(meminfo)?.[1]);
  let rx = 0, tx = 0, io = 0;
  for (const line of readFileSync('/proc/net/dev', 'utf8').split('\n').slice(2)) {
    const fields = line.trim().split(/[:\s]+/);
    if (fields.length > 9 && fields[0] !== 'lo') { rx += number(fields[1]); tx += number(fields[9]); }
  }
  for (const line of readFileSync('/proc/diskstats', 'utf8').split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length > 7) io += number(fields[3]) + number(fields[7]);
  }
  const busy = cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6] + cpu[7], idle = cpu[3] + cpu[4];
  if (last) figures = { cpu: (100 * (busy - last.busy)) / (busy - last.busy + idle - last.idle || 1), memory: (100 * (total - available)) / total, rx: rx - last.rx, tx: tx - last.tx, io: io - last.io };
  last = { busy, idle, rx, tx, io };
}
let tick = 0, frame = [];
const bar = (value, full) => (1 << Math.min(8, Math.ceil((8 * value) / full))) - 1;
function compose() {
  frame = [0, bar(figures.cpu, 100), bar(figures.memory, 100), bar(figures.tx, 12.5e6), bar(figures.rx, 12.5e6), bar(figures.io, 400), 1 << tick++ % 6, 0];
}
const lxcPath = process.env.FLOOR_LXC_PATH;
let seen = '';
function reread() {
  const folders = readdirSync(lxcPath).map((name) => name + ':' + statSync(lxcPath + '/' + name).mtimeMs).join(',');
  const sockets = readFileSync('/proc/net/unix', 'latin1').split('\n').filter((line) => line.endsWith('/command')).join(',');
  if (folders + sockets === seen) return;
  seen = folders + sockets;
  execFile('lxc-ls', ['-P', lxcPath, '-f', '-F', 'NAME,STATE,IPV4'], { timeout: 30000 }, () => undefined);
}
sample();
setInterval(sample, 1000);
setInterval(compose, 500);
if (lxcPath) setInterval(reread, Number(process.env.FLOOR_INVENTORY_MS || 5000));
`;
