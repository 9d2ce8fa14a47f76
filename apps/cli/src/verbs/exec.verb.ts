import { EXEC_RULES } from '@tinystack/contracts';
import { UsageError } from '../cli.errors.js';
import { findInstance, NODE_OPTION } from '../targets.js';
import type { VerbCall } from './verb.js';
import { defineVerb } from './verb.js';

/** Beyond the command's own timeout: the node's kill, the answer's trip through the manager. */
const ANSWER_MARGIN_MS = 20_000;
/** The exit code when the command was killed for its timeout (as timeout(1) says). */
export const EXIT_TIMED_OUT = 124;

export const execVerb = defineVerb({
  name: 'exec',
  section: 'Instances',
  summary: 'Run a command in a running instance; its output and exit code are passed through',
  description: [
    'Runs CMD (the words after --, as an argument array: no shell, unless CMD is itself sh -c "...") in the instance, ' +
      'in a cleared environment plus --env variables, in --cwd (default /). Its stdout and stderr are printed as it ' +
      'wrote them and tinystack exits with its exit code; 124 when it was killed after --timeout seconds (default 30).',
    'When stdin is not a terminal, it is given to the command (at most 1 MiB).',
    "With --json: the manager's answer (POST /api/nodes/{nodeId}/instances/{name}/exec), and exit code 0.",
  ],
  arguments: [{ name: 'NAME' }],
  passthrough: { name: 'CMD' },
  options: {
    env: { type: 'string', value: 'K=V', multiple: true, description: 'An environment variable for the command (repeatable)' },
    cwd: { type: 'string', value: 'DIR', description: 'Working directory inside the instance (absolute)' },
    timeout: { type: 'string', value: 'S', description: `Seconds before the command is killed, 1 to ${EXEC_RULES.timeoutSeconds.max} (default 30)` },
    ...NODE_OPTION,
  },
  examples: ['tinystack exec web1 -- ls -l /', "tinystack exec web1 --env NAME=pi -- sh -c 'echo hello $NAME'", 'echo hi | tinystack exec web1 -- wc -c'],
  async run(call) {
    const command = [...call.passthrough];
    if (command.length === 0) throw new UsageError('exec needs the command to run after --: tinystack exec NAME -- CMD...', 'exec');
    const timeoutSeconds = call.integer('timeout', EXEC_RULES.timeoutSeconds);
    const env = environment(call.values('env'));
    const cwd = call.option('cwd');
    const stdin = await pipedInput(call);
    const instance = await findInstance(call, call.args[0]!, 'exec');
    const seconds = timeoutSeconds ?? EXEC_RULES.timeoutSeconds.default;
    const result = await call.manager().exec(
      instance.nodeId,
      instance.name,
      { command, ...(env ? { env } : {}), ...(cwd ? { cwd } : {}), ...(timeoutSeconds ? { timeoutSeconds } : {}), ...(stdin !== null ? { stdin } : {}) },
      { timeoutMs: seconds * 1000 + ANSWER_MARGIN_MS },
    );
    if (call.json) return call.out.json(result);
    call.out.passThrough('stdout', result.stdout);
    call.out.passThrough('stderr', result.stderr);
    if (result.truncated) call.out.warn("the output was cut at the node's EXEC_OUTPUT_MAX_BYTES");
    if (result.timedOut) {
      call.out.warn(`the command was killed after ${seconds} s (--timeout)`);
      return EXIT_TIMED_OUT;
    }
    return result.exitCode ?? 1;
  },
});

function environment(pairs: readonly string[]): Record<string, string> | undefined {
  if (pairs.length === 0) return undefined;
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const separator = pair.indexOf('=');
    const name = separator > 0 ? pair.slice(0, separator) : '';
    if (!EXEC_RULES.envNamePattern.test(name)) throw new UsageError(`--env takes NAME=value with a NAME of letters, digits and "_", not ${JSON.stringify(pair)}`, 'exec');
    env[name] = pair.slice(separator + 1);
  }
  return env;
}

/** What is piped in, when stdin is not a terminal; null when it is one. */
async function pipedInput(call: VerbCall): Promise<string | null> {
  if (call.stdin.isTTY) return null;
  try {
    return await call.stdin.readAll(EXEC_RULES.maxStdinBytes);
  } catch {
    throw new UsageError('stdin may be at most 1 MiB for exec', 'exec');
  }
}
