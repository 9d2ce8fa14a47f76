import { randomBytes } from 'node:crypto';
import type { ContainerExecRequest } from './container.js';

/** What a process inside a container finds in PATH unless the request sets its own. */
export const DEFAULT_CONTAINER_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * The marker variable every process of one exec inherits: after a timeout, the
 * processes that left the process group (`setsid`, a daemon) are found by it
 * inside the container and killed too.
 */
export const EXEC_MARKER_VARIABLE = 'TINYSTACK_EXEC';

/**
 * Changes directory, then runs the command: DIR and the command travel as
 * arguments ($1, then "$@"), never inside the script text.
 */
export const CWD_WRAPPER = ['/bin/sh', '-c', 'cd -- "$1" && shift && exec "$@"', 'sh'] as const;

/**
 * Kills every process of the container whose environment holds the marker,
 * three rounds (a process forking while it is killed leaves a child behind).
 * The marker travels as $1; the script's own processes run with a cleared
 * environment, so they never match. (busybox grep stops at the first NUL of
 * a file, hence tr.)
 */
export const KILL_MARKED_SCRIPT = [
  '/bin/sh',
  '-c',
  'for round in 1 2 3; do for d in /proc/[0-9]*; do ' +
    'tr "\\0" "\\n" < "$d/environ" 2>/dev/null | grep -qxF -- "$1" && kill -9 "${d#/proc/}" 2>/dev/null; done; done; exit 0',
  'sh',
] as const;

export function newExecMarker(): string {
  return `${EXEC_MARKER_VARIABLE}=${randomBytes(12).toString('hex')}`;
}

/** `lxc-attach` arguments after `-P`: clear environment, the request's variables, the marker, the command. */
export function execAttachArgs(name: string, request: ContainerExecRequest, marker: string): string[] {
  const env = { PATH: DEFAULT_CONTAINER_PATH, ...request.env };
  const variables = Object.entries(env).flatMap(([variable, value]) => ['--set-var', `${variable}=${value}`]);
  const command = request.cwd === null ? [...request.command] : [...CWD_WRAPPER, request.cwd, ...request.command];
  return ['-n', name, '--clear-env', ...variables, '--set-var', marker, '--', ...command];
}

/** `lxc-attach` arguments that kill what is left of an exec (see KILL_MARKED_SCRIPT). */
export function killMarkedAttachArgs(name: string, marker: string): string[] {
  return ['-n', name, '--clear-env', '--set-var', `PATH=${DEFAULT_CONTAINER_PATH}`, '--', ...KILL_MARKED_SCRIPT, marker];
}

/** lxc-attach's own complaint that the container has no init to attach to: it is not running. */
export function saysNotRunning(stderr: string): boolean {
  return /^lxc-attach: .*(Failed to get init pid|is not running)/m.test(stderr);
}
