import { UsageError } from '../cli.errors.js';
import { instanceSummary } from '../output/instance-view.js';
import { findInstance, NODE_OPTION } from '../targets.js';
import { describeLimits } from './instance-limits.js';
import { defineVerb, type VerbCall } from './verb.js';

const LIMITS = [
  { option: 'memory', key: 'memoryMiB', min: 4, max: 1024 * 1024 },
  { option: 'cpus', key: 'cpus', min: 1, max: 1024 },
  { option: 'cpu-percent', key: 'cpuPercent', min: 1, max: 100 * 1024 },
  { option: 'processes', key: 'processes', min: 1, max: 1_000_000 },
] as const;

/** A limit's new value: a whole number within bounds, or null for "none" (removed); undefined when not given. */
function limitValue(call: VerbCall, limit: (typeof LIMITS)[number]): number | null | undefined {
  const text = call.option(limit.option);
  if (text === undefined) return undefined;
  if (text === 'none') return null;
  return call.integer(limit.option, { min: limit.min, max: limit.max });
}

export const limitsVerb = defineVerb({
  name: 'limits',
  section: 'Instances',
  summary: "Change an instance's limits or autostart, stopped or running",
  description: [
    'Each option sets one limit; "none" removes it; what is not given stays. A running instance gets the limits at once where ' +
      "its board's kernel allows. The answer says when the board cannot enforce a limit, and why (the memory controller off on " +
      "a default Raspberry Pi OS, say). A raised memory limit counts in the owner's memory quota. With --json: the instance after it.",
  ],
  arguments: [{ name: 'NAME' }],
  options: {
    ...NODE_OPTION,
    memory: { type: 'string', value: 'MiB|none', description: 'At most this much memory, MiB' },
    cpus: { type: 'string', value: 'N|none', description: "On at most N of the board's CPUs" },
    'cpu-percent': { type: 'string', value: 'P|none', description: "At most P % of one CPU's time" },
    processes: { type: 'string', value: 'N|none', description: 'At most N processes' },
    autostart: { type: 'boolean', description: 'Start it whenever its board starts' },
    'no-autostart': { type: 'boolean', description: 'Do not start it with its board' },
  },
  examples: ['tinystack limits web1 --memory 64 --processes 256', 'tinystack limits web1 --memory none --autostart'],
  async run(call) {
    if (call.flag('autostart') && call.flag('no-autostart')) throw new UsageError('give --autostart or --no-autostart, not both', 'limits');
    const limits: Record<string, number | null> = {};
    for (const limit of LIMITS) {
      const value = limitValue(call, limit);
      if (value !== undefined) limits[limit.key] = value;
    }
    const autostart = call.flag('autostart') ? true : call.flag('no-autostart') ? false : undefined;
    if (Object.keys(limits).length === 0 && autostart === undefined) throw new UsageError('give a limit to change, --autostart or --no-autostart', 'limits');
    const instance = await findInstance(call, call.args[0]!, 'limits');
    const changed = await call.manager().configureInstance(
      instance.nodeId,
      instance.name,
      { ...(Object.keys(limits).length > 0 ? { limits } : {}), ...(autostart === undefined ? {} : { autostart }) },
      { timeoutMs: call.timeouts.changeMs },
    );
    if (call.json) return call.out.json(changed);
    call.out.line(`${instanceSummary(changed)}: ${describeLimits(changed.limits)}; autostart ${changed.autostart ? 'on' : 'off'}.`);
  },
});
