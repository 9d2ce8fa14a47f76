// bench:manager's MQTT figures (BENCH_MQTT_ONLY=1 runs them alone): the
// manager's memory with the broker off, idle and with 200 connected clients,
// and publish-to-deliver latency at 100 messages a second, beside Debian's
// mosquitto run by the bench on a free port with its own config file (the
// anchor; apt-get install mosquitto, the bench never installs it: without it
// the bench prints the other figures, says how to install it and exits 1).
//
// To tell where the manager's p99 comes from, two more brokers run in the same
// rounds: aedes alone (the library the manager embeds, same version, no hook,
// no NestJS) with the manager's Node flags and with Node's defaults. The
// brokers take turns, a round of messages each, so that a load that comes and
// goes on the machine falls on all of them; the bench's own event-loop delay
// (where both MQTT clients run) is measured during each round. Every socket
// has TCP_NODELAY (the manager's broker sets it): with Nagle's algorithm on
// either side, about one message in a hundred waited for a delayed ACK, up
// to 40 ms, on every broker alike; that was the p99 of 18 to 35 ms.
//
//   the machine's and the clients' share ~ what mosquitto (C) shows with the same clients
//   aedes' share                         ~ aedes alone beside mosquitto
//   the manager's own                    ~ the manager beside aedes alone with its flags: the
//                                          ACL, rate and packet-size checks, and the rest of its process
// Each broker's main thread is read from /proc (schedstat) during its rounds:
// CPU per message (what the checks cost, steady whatever the load) and the
// time it was runnable but waited for a CPU (what a loaded machine adds).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';
import { freePort, ManagerProcess } from './manager-process.js';
import { residentBytes } from './process-figures.js';
import { sleep } from './spawned-node.js';

const MANAGER_TOKEN = 'bench-manager-token-0123456789';
const MQTT_CLIENTS = 200;
const MQTT_RATE = 100;
const ROUNDS = Number(process.env['BENCH_MQTT_ROUNDS'] ?? 4);
const MESSAGES_PER_ROUND = 250;
const MQTT_SETTLE_MS = 3000;
const TARGET_MS = 10;
const IDLE_WINDOW_MS = 3000;
const AEDES_ALONE = join(__dirname, 'mqtt-aedes-alone.js');
const NODE_FLAGS_MODULE = join(__dirname, '..', '..', 'scripts', 'node-flags.mjs');
const MOSQUITTO_INSTALL = "apt-get install mosquitto (Debian's package; then stop and disable its service, which takes port 1883: the bench starts its own)";

/** A broker to measure: its MQTT address, its credentials, a topic its user may publish to, and its memory. */
interface MeasuredBroker {
  name: string;
  url: string;
  options: IClientOptions;
  topic: (index: number) => string;
  rssBytes: () => number;
  pid: number;
}

interface Latencies {
  times: number[];
  sent: number;
  /** The broker's main thread (Node's event loop; mosquitto's one thread) during its rounds: on a CPU, and runnable but waiting for one, ns. */
  cpuNs: number;
  waitNs: number;
  /** How long its rounds lasted, ms: with its idle CPU per second, the CPU that was not the messages'. */
  roundsMs: number;
  /** The bench process's own event-loop delay during the rounds (its MQTT clients' share), ms. */
  clientLagP99Ms: number[];
}

export function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}

/** On-CPU and run-queue-wait time of a process's main thread so far (/proc/<pid>/task/<pid>/schedstat), ns. */
function mainThreadSchedule(pid: number): { cpuNs: number; waitNs: number } {
  const [cpu, wait] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ');
  return { cpuNs: Number(cpu), waitNs: Number(wait) };
}

/** How long, in total, some task of the machine has waited for a CPU (/proc/pressure/cpu "some total", µs); null without PSI. */
function cpuPressureMicros(): number | null {
  try {
    const match = /^some .*total=(\d+)/m.exec(readFileSync('/proc/pressure/cpu', 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/**
 * A client of the bench, its socket with TCP_NODELAY: with Nagle's algorithm
 * a publish waits for the broker's ACK of the one before, which the broker's
 * TCP may delay up to 40 ms; that is the client's latency, not the broker's
 * (a device that wants low latency sets it too).
 */
async function benchClient(url: string, options: IClientOptions): Promise<MqttClient> {
  const client = await connectAsync(url, { ...options, reconnectPeriod: 0 });
  (client.stream as Partial<Socket>).setNoDelay?.(true);
  return client;
}

/** `count` messages at MQTT_RATE a second from one client to another: each one's publish-to-deliver time, and the bench's loop delay meanwhile. */
async function latencyRound(broker: MeasuredBroker, count: number, into: Latencies): Promise<void> {
  const [subscriber, publisher] = await Promise.all([benchClient(broker.url, broker.options), benchClient(broker.url, broker.options)]);
  try {
    const topic = broker.topic(-1);
    await subscriber.subscribeAsync(topic);
    const sentAt = new Map<number, bigint>();
    subscriber.on('message', (_topic, payload) => {
      const at = sentAt.get(Number(payload.toString()));
      if (at !== undefined) into.times.push(Number(process.hrtime.bigint() - at) / 1e6);
    });
    const lag = monitorEventLoopDelay({ resolution: 1 });
    lag.enable();
    const before = mainThreadSchedule(broker.pid);
    const startedAt = Date.now();
    const start = Date.now();
    for (let index = 0; index < count; index += 1) {
      sentAt.set(index, process.hrtime.bigint());
      publisher.publish(topic, String(index));
      const due = start + ((index + 1) * 1000) / MQTT_RATE;
      await sleep(Math.max(0, due - Date.now()));
    }
    await sleep(1000);
    const after = mainThreadSchedule(broker.pid);
    into.cpuNs += after.cpuNs - before.cpuNs;
    into.waitNs += after.waitNs - before.waitNs;
    into.roundsMs += Date.now() - startedAt;
    lag.disable();
    into.sent += count;
    into.clientLagP99Ms.push(lag.percentile(99) / 1e6);
  } finally {
    await Promise.all([subscriber.endAsync(true), publisher.endAsync(true)]);
  }
}

/** RSS with MQTT_CLIENTS clients connected, each subscribed to a topic of its own. */
async function rssWithClients(broker: MeasuredBroker): Promise<number> {
  const clients: MqttClient[] = [];
  try {
    for (let index = 0; index < MQTT_CLIENTS; index += 1) {
      const client = await benchClient(broker.url, broker.options);
      await client.subscribeAsync(broker.topic(index));
      clients.push(client);
    }
    await sleep(MQTT_SETTLE_MS);
    return broker.rssBytes();
  } finally {
    await Promise.allSettled(clients.map((client) => client.endAsync(true)));
  }
}

async function mqttManager(directory: string, enabled: boolean): Promise<{ manager: ManagerProcess; port: number | null }> {
  const manager = await ManagerProcess.onLoopback(directory, {
    MQTT_ENABLED: String(enabled),
    // The latency run sends 100 a second from one client: over the default per-client rate.
    MQTT_MAX_MESSAGES_PER_SECOND: String(2 * MQTT_RATE),
    MANAGER_TOKEN,
    DATA_DIR: join(directory, enabled ? 'data-mqtt' : 'data-off'),
  });
  await manager.start();
  const info = await manager.call('GET', '/api/mqtt');
  return { manager, port: info.port };
}

/** A broker in a child process of the bench, stopped with SIGTERM. */
interface ChildBroker {
  broker: MeasuredBroker;
  stop: () => Promise<void>;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(5000).then(() => child.kill('SIGKILL'))]);
}

async function mosquittoBroker(directory: string): Promise<ChildBroker | string> {
  const program = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto'].find((path) => existsSync(path));
  if (!program) return `Debian's mosquitto is not installed: ${MOSQUITTO_INSTALL}`;
  const port = await freePort();
  const config = join(directory, 'mosquitto.conf');
  // TCP_NODELAY on, as on the manager's broker and the bench's clients.
  writeFileSync(config, `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest none\nset_tcp_nodelay true\n`);
  const child = spawn(program, ['-c', config], { stdio: 'ignore' });
  await sleep(1000);
  if (child.exitCode !== null || !child.pid) return `mosquitto exited at once (code ${child.exitCode})`;
  const pid = child.pid;
  return {
    broker: { name: 'mosquitto (the anchor)', url: `mqtt://127.0.0.1:${port}`, options: {}, topic: (index) => `bench/${index}`, rssBytes: () => residentBytes(pid), pid },
    stop: () => stopChild(child),
  };
}

async function aedesAlone(name: string, flags: readonly string[]): Promise<ChildBroker> {
  const port = await freePort();
  const child = spawn(process.execPath, [...flags, AEDES_ALONE, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error(`${name} did not start within 10 s`)), 10_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) {
        clearTimeout(timeout);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
  });
  const pid = child.pid!;
  return {
    broker: { name, url: `mqtt://127.0.0.1:${port}`, options: {}, topic: (index) => `bench/${index}`, rssBytes: () => residentBytes(pid), pid },
    stop: () => stopChild(child),
  };
}

const NAME_WIDTH = 40;

/** A broker's main-thread CPU while no client talks to it (its timers: the manager polls, flushes, keeps its live stream), ns a second. */
async function idleCpuNsPerSecond(broker: MeasuredBroker): Promise<number> {
  const before = mainThreadSchedule(broker.pid).cpuNs;
  await sleep(IDLE_WINDOW_MS);
  return ((mainThreadSchedule(broker.pid).cpuNs - before) * 1000) / IDLE_WINDOW_MS;
}

/** CPU per message, µs: the rounds' CPU less what the broker spends idle over as long. */
function messageCpuMicros(figures: Latencies, idleNsPerSecond: number): number {
  return (figures.cpuNs - (idleNsPerSecond * figures.roundsMs) / 1000) / 1000 / Math.max(1, figures.sent);
}

function latencyRow(name: string, figures: Latencies, idleNsPerSecond: number): string {
  const { times } = figures;
  const over = times.filter((time) => time > TARGET_MS).length;
  const cells = [0.5, 0.9, 0.99].map((fraction) => percentile(times, fraction).toFixed(2).padStart(7));
  const cpu = messageCpuMicros(figures, idleNsPerSecond).toFixed(0).padStart(8);
  const wait = (figures.waitNs / 1000 / Math.max(1, figures.sent)).toFixed(0).padStart(8);
  return `  ${name.padEnd(NAME_WIDTH)}${cells.join('')}${Math.max(...times).toFixed(1).padStart(8)}${String(over).padStart(8)}${cpu}${wait}   ${times.length}/${figures.sent}`;
}

/** Prints the MQTT figures; false when the anchor could not be measured. */
export async function mqttFigures(): Promise<boolean> {
  process.stdout.write(`\nmeasuring the MQTT broker: memory off, idle and with ${MQTT_CLIENTS} clients; latency at ${MQTT_RATE} msg/s...\n`);
  const directory = mkdtempSync(join(tmpdir(), 'tinystack-bench-mqtt-'));
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  const { MANAGER_NODE_FLAGS } = (await import(pathToFileURL(NODE_FLAGS_MODULE).href)) as { MANAGER_NODE_FLAGS: string[] };
  const children: ChildBroker[] = [];
  let on: { manager: ManagerProcess } | undefined;
  try {
    const off = await mqttManager(directory, false);
    await sleep(MQTT_SETTLE_MS);
    const offRss = off.manager.rssBytes();
    await off.manager.stop();
    const started = await mqttManager(directory, true);
    on = started;
    await sleep(MQTT_SETTLE_MS);
    const idleRss = started.manager.rssBytes();
    const manager: MeasuredBroker = {
      name: "the manager's broker",
      url: `mqtt://127.0.0.1:${started.port}`,
      options: { username: 'admin', password: MANAGER_TOKEN },
      topic: (index) => `class/admin/bench/${index}`,
      rssBytes: () => started.manager.rssBytes(),
      pid: started.manager.pid,
    };
    const crowdRss = await rssWithClients(manager);
    console.log('');
    console.log(`  manager RSS, broker off / idle / ${MQTT_CLIENTS} clients:   ${mb(offRss)} / ${mb(idleRss)} / ${mb(crowdRss)}   (target: the broker adds < 10 MB idle: +${mb(idleRss - offRss)})`);

    const mosquitto = await mosquittoBroker(directory);
    const brokers: MeasuredBroker[] = [manager];
    if (typeof mosquitto === 'string') {
      console.log(`  mosquitto (the anchor): not measured: ${mosquitto}`);
    } else {
      children.push(mosquitto);
      const mosquittoIdle = mosquitto.broker.rssBytes();
      const mosquittoCrowd = await rssWithClients(mosquitto.broker);
      console.log(`  mosquitto RSS, idle / ${MQTT_CLIENTS} clients:              ${mb(mosquittoIdle)} / ${mb(mosquittoCrowd)}`);
      brokers.push(mosquitto.broker);
    }
    const withFlags = await aedesAlone(`aedes alone, ${MANAGER_NODE_FLAGS.join(' ') || 'no flags'}`, MANAGER_NODE_FLAGS);
    const plain = await aedesAlone("aedes alone, Node's defaults", []);
    children.push(withFlags, plain);
    brokers.push(withFlags.broker, plain.broker);

    const idle = new Map<string, number>();
    for (const broker of brokers) idle.set(broker.name, await idleCpuNsPerSecond(broker));
    const results = new Map(brokers.map((broker) => [broker.name, { times: [], sent: 0, cpuNs: 0, waitNs: 0, roundsMs: 0, clientLagP99Ms: [] } as Latencies]));
    const load = loadavg()[0]!.toFixed(2);
    const pressureBefore = cpuPressureMicros();
    const roundsStart = Date.now();
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const broker of brokers) await latencyRound(broker, MESSAGES_PER_ROUND, results.get(broker.name)!);
    }
    const pressureAfter = cpuPressureMicros();
    const pressure =
      pressureBefore === null || pressureAfter === null
        ? 'no /proc/pressure/cpu here'
        : `some task waited for a CPU ${(((pressureAfter - pressureBefore) / 1000 / (Date.now() - roundsStart)) * 100).toFixed(0)} % of the time`;
    console.log('');
    console.log(`  publish to deliver at ${MQTT_RATE} msg/s, QoS 0, ${ROUNDS} rounds of ${MESSAGES_PER_ROUND} taking turns (load average ${load} at the start; during the rounds ${pressure}):`);
    console.log(`  ${''.padEnd(NAME_WIDTH)}${'ms: p50'.padStart(7)}${'p90'.padStart(7)}${'p99'.padStart(7)}${'max'.padStart(8)}${`>${TARGET_MS} ms`.padStart(8)}${'CPU µs'.padStart(8)}${'wait µs'.padStart(8)}   delivered`);
    for (const broker of brokers) console.log(latencyRow(broker.name, results.get(broker.name)!, idle.get(broker.name)!));
    console.log(
      "  (CPU and wait: per message, the broker's main thread on a CPU (less its idle timers' CPU over as long), and runnable but waiting for one: /proc/<pid>/task/<pid>/schedstat)",
    );
    const clientLag = [...results.values()].flatMap((figures) => figures.clientLagP99Ms);
    console.log(`  the bench's own event-loop delay (its MQTT clients), p99 per round: ${Math.min(...clientLag).toFixed(1)} to ${Math.max(...clientLag).toFixed(1)} ms`);
    const p99 = (name: string) => percentile(results.get(name)?.times ?? [], 0.99);
    const cpuPerMessage = (name: string) => messageCpuMicros(results.get(name)!, idle.get(name)!);
    console.log(`  manager's broker p99 ${p99(manager.name).toFixed(2)} ms   (target < ${TARGET_MS} ms on loopback)`);
    // p99s of 1000 messages on a shared machine differ by more than the brokers do; CPU per message does not.
    const reading = [
      `the manager's checks (sign-in state, ACL, rate, packet size guard) cost ${(cpuPerMessage(manager.name) - cpuPerMessage(withFlags.broker.name)).toFixed(0)} µs of CPU per message over aedes alone with its flags`,
      `the Node flags ${(cpuPerMessage(withFlags.broker.name) - cpuPerMessage(plain.broker.name)).toFixed(0)} µs`,
    ];
    if (typeof mosquitto !== 'string') {
      const anchor = p99(mosquitto.broker.name);
      reading.unshift(
        anchor > TARGET_MS
          ? `mosquitto's p99 is ${anchor.toFixed(2)} ms too: the machine (run-queue waits), not the broker, sets the p99 here`
          : `mosquitto's p99 is ${anchor.toFixed(2)} ms: the manager adds ${(p99(manager.name) - anchor).toFixed(2)} ms, aedes alone ${(p99(plain.broker.name) - anchor).toFixed(2)} ms`,
      );
    }
    console.log(`  reading: ${reading.join('; ')}`);
    return typeof mosquitto !== 'string';
  } finally {
    await Promise.allSettled(children.map((child) => child.stop()));
    await on?.manager.stop();
    rmSync(directory, { recursive: true, force: true });
  }
}
