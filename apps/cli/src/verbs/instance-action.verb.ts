import type { InstanceAction } from '@tinystack/manager-client';
import { instanceSummary } from '../output/instance-view.js';
import { findInstance, NODE_OPTION } from '../targets.js';
import { NO_WAIT_OPTION, operationHelp, resultOf, runOperation } from './operation-run.js';
import { DEFAULT_TIMEOUTS, secondsOf } from '../timeouts.js';
import { defineVerb, type Verb } from './verb.js';

const HALT_OPTIONS = {
  force: { type: 'boolean', description: 'Kill it at once instead of a clean halt' },
  timeout: { type: 'string', value: 'SECONDS', description: "Wait this long for a clean halt before killing (default: the node's LXC_STOP_TIMEOUT_S)" },
} as const;

const DESCRIPTIONS: Record<InstanceAction, string> = {
  start: 'Starts the instance; it is done once the instance runs, with its addresses when it has them already.',
  stop: 'Halts the instance cleanly (or kills it with --force, or after --timeout); it is done once the instance is stopped.',
  restart: 'Stops and starts the instance again (a clean halt unless --force).',
};

/** start, stop and restart: one verb each, all the same call. */
function instanceActionVerb(action: InstanceAction, summary: string): Verb {
  const halts = action !== 'start';
  return defineVerb({
    name: action,
    section: 'Instances',
    summary,
    description: [DESCRIPTIONS[action], operationHelp(`${secondsOf(DEFAULT_TIMEOUTS.changeMs)}${halts ? ' plus --timeout' : ''}`)],
    arguments: [{ name: 'NAME' }],
    options: halts ? { ...NODE_OPTION, ...HALT_OPTIONS, ...NO_WAIT_OPTION } : { ...NODE_OPTION, ...NO_WAIT_OPTION },
    async run(call) {
      const timeoutSeconds = halts ? call.integer('timeout', { min: 1, max: 300 }) : undefined;
      const instance = await findInstance(call, call.args[0]!, action);
      const body = {
        action,
        ...(halts && call.flag('force') ? { force: true } : {}),
        ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
      };
      await runOperation(call, {
        start: () => call.manager().actOnInstance(instance.nodeId, instance.name, body, { timeoutMs: call.timeouts.readMs }),
        waitMs: call.timeouts.changeMs + (timeoutSeconds ?? 0) * 1000,
        done: (operation) => instanceSummary(resultOf(operation)),
      });
    },
  });
}

export const startVerb = instanceActionVerb('start', 'Start an instance');
export const stopVerb = instanceActionVerb('stop', 'Stop an instance');
export const restartVerb = instanceActionVerb('restart', 'Restart an instance');
