import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigurationError, preparePrivateDirectory, readEnvironment, validateEnvironment, type EnvironmentSource } from '@tinystack/api-kit';
import { InvalidBaseUrlError, isJoinToken, JOIN_TOKEN_RULE, normaliseBaseUrl, type JoinStatusDto } from '@tinystack/contracts';
import { COMPUTE_TOKEN_FILE, ComputeSettings } from '../config/compute.settings.js';
import { NODE_ID_FILE } from '../health/node-identity.service.js';
import { answerMessage, NoAnswerError, requestJson } from './http-json.js';
import { joinFilePath, writeJoinFile } from './join-file.js';
import { JOIN_REQUEST_TIMEOUT_MS } from './manager-join.client.js';

export const JOIN_USAGE = 'Usage: tinystack-compute join <manager-url> <join-token>';
/** A node on this machine answers its /health at once, or is not there. */
const LOCAL_HEALTH_TIMEOUT_MS = 3000;

/** What the command prints and where; tests read it. */
export interface CommandOutput {
  out(line: string): void;
  error(line: string): void;
}

const CONSOLE: CommandOutput = { out: (line) => console.log(line), error: (line) => console.error(line) };

/** Where the installed package's service keeps its settings and its data (packaging/systemd/tinystack-compute.service). */
export interface InstalledService {
  settingsFile: string;
  dataDir: string;
}

export const INSTALLED_SERVICE: InstalledService = { settingsFile: '/etc/tinystack/compute.env', dataDir: '/var/lib/tinystack/compute' };

/**
 * `tinystack-compute join <manager-url> <join-token>`: keeps the manager and
 * the token in DATA_DIR/join.json (0600), which the node reads at start when
 * its environment sets neither MANAGER_URL nor JOIN_TOKEN, and, when this
 * machine's compute node answers on COMPUTE_PORT, asks it to join now (POST
 * /join/now with its own token from DATA_DIR). Says what happened. Exit
 * codes: 0 joined, or saved for a node that is not running; 1 the join was
 * refused or failed, or no node of this DATA_DIR answers; 2 wrong usage.
 */
export async function runJoinCommand(
  args: readonly string[],
  env: EnvironmentSource,
  output: CommandOutput = CONSOLE,
  installed: InstalledService = INSTALLED_SERVICE,
): Promise<number> {
  const [rawUrl, token, ...extra] = args;
  if (rawUrl === undefined || token === undefined || extra.length > 0 || rawUrl === '--help' || rawUrl === '-h') {
    output.error(JOIN_USAGE);
    output.error('  Joins this board to the manager: the manager shows the command, with a new join token, when it makes one.');
    return 2;
  }
  let managerUrl: string;
  try {
    managerUrl = normaliseBaseUrl(rawUrl, 'The manager URL');
  } catch (error) {
    if (!(error instanceof InvalidBaseUrlError)) throw error;
    output.error(`${error.message}\n${JOIN_USAGE}`);
    return 2;
  }
  if (!isJoinToken(token)) {
    output.error(`The join token must be ${JOIN_TOKEN_RULE}; copy it again from the manager.\n${JOIN_USAGE}`);
    return 2;
  }

  let settings: ComputeSettings;
  try {
    settings = validateEnvironment(ComputeSettings, readEnvironment(serviceEnvironment(env, installed, output)));
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    output.error(error.message);
    return 2;
  }
  const dataDir = resolve(settings.DATA_DIR);
  try {
    preparePrivateDirectory(dataDir);
    writeJoinFile(dataDir, managerUrl, token, 'tinystack-compute join');
  } catch (error) {
    output.error(`Could not keep the join in ${joinFilePath(dataDir)}: ${(error as Error).message} (run it as the node's user, root: sudo)`);
    return 1;
  }
  output.out(`Saved: this board joins ${managerUrl} (${joinFilePath(dataDir)}, readable by its owner only).`);
  if (settings.MANAGER_URL !== undefined) {
    output.out(
      `Note: this environment sets MANAGER_URL=${settings.MANAGER_URL} and JOIN_TOKEN, which win over ${joinFilePath(dataDir)}: ` +
        'remove them (/etc/tinystack/compute.env) for this join to count.',
    );
  }
  return askRunningNode(settings, dataDir, managerUrl, output);
}

async function askRunningNode(settings: ComputeSettings, dataDir: string, managerUrl: string, output: CommandOutput): Promise<number> {
  const host = settings.COMPUTE_HOST === '0.0.0.0' ? '127.0.0.1' : settings.COMPUTE_HOST === '::' ? '::1' : settings.COMPUTE_HOST;
  const base = new URL(`http://${host.includes(':') ? `[${host}]` : host}:${settings.COMPUTE_PORT}`);
  let health;
  try {
    health = await requestJson('GET', new URL('/health', base), { timeoutMs: LOCAL_HEALTH_TIMEOUT_MS });
  } catch (error) {
    if (!(error instanceof NoAnswerError)) throw error;
    output.out(`No compute node answers at ${base.origin}: it joins ${managerUrl} when it starts (sudo systemctl enable --now tinystack-compute).`);
    return 0;
  }
  const ownId = readOwnNodeId(dataDir);
  const answeringId = (health.body as { nodeId?: unknown } | undefined)?.nodeId;
  if (health.status !== 200 || ownId === null || answeringId !== ownId) {
    output.error(
      `The compute node at ${base.origin} is not the one of ${dataDir} (its id is ${String(answeringId ?? 'unknown')}, ` +
        `${join(dataDir, NODE_ID_FILE)} says ${ownId ?? 'nothing'}): it was not asked to join. Run this with the node's settings (DATA_DIR, COMPUTE_PORT).`,
    );
    return 1;
  }
  const apiToken = settings.COMPUTE_TOKEN ?? readStoredToken(join(dataDir, COMPUTE_TOKEN_FILE));
  if (apiToken === null) {
    output.error(`The node's token is neither in COMPUTE_TOKEN nor in ${join(dataDir, COMPUTE_TOKEN_FILE)}: it was not asked to join; it joins at its next start.`);
    return 1;
  }
  output.out(`Asking the compute node at ${base.origin} to join now…`);
  let answer;
  try {
    answer = await requestJson('POST', new URL('/join/now', base), {
      headers: { authorization: `Bearer ${apiToken}` },
      // The node's own call to the manager is bounded by JOIN_REQUEST_TIMEOUT_MS.
      timeoutMs: JOIN_REQUEST_TIMEOUT_MS + 5000,
    });
  } catch (error) {
    if (!(error instanceof NoAnswerError)) throw error;
    output.error(`The compute node did not answer: ${error.message}. It joins at its next start.`);
    return 1;
  }
  if (answer.status !== 200) {
    output.error(`The compute node refused: ${answerMessage(answer)}`);
    return 1;
  }
  const status = answer.body as JoinStatusDto;
  if (status.managerUrl !== managerUrl) output.out(`Note: the node joins ${status.managerUrl ?? 'no manager'}, set in its environment, not ${managerUrl}.`);
  switch (status.state) {
    case 'joined':
      output.out(`Joined: ${status.detail}.`);
      return 0;
    case 'refused':
      output.error(`Refused: ${status.detail}. Make a new join token on the manager and run this again.`);
      return 1;
    default:
      output.error(`Not joined yet: ${status.detail}. The node keeps trying by itself (journalctl -u tinystack-compute says how it goes).`);
      return 1;
  }
}

/**
 * On a board with the package, the command runs (sudo) without the service's
 * environment: it takes the service's settings as systemd gives them, its
 * DATA_DIR under the variables of its settings file, and the command's own
 * environment over both; elsewhere (a checkout) the environment alone.
 */
function serviceEnvironment(env: EnvironmentSource, installed: InstalledService, output: CommandOutput): EnvironmentSource {
  if (!existsSync(installed.settingsFile)) return env;
  let fromFile: EnvironmentSource;
  try {
    fromFile = parseEnv(readFileSync(installed.settingsFile, 'utf8'));
  } catch (error) {
    throw new ConfigurationError(`Cannot read the compute node's settings, ${installed.settingsFile}: ${(error as Error).message} (run it with sudo)`);
  }
  const merged = { DATA_DIR: installed.dataDir, ...fromFile, ...env };
  output.out(`Using the installed compute node's settings: ${installed.settingsFile}, DATA_DIR=${merged.DATA_DIR}.`);
  return merged;
}

function readOwnNodeId(dataDir: string): string | null {
  try {
    return readFileSync(join(dataDir, NODE_ID_FILE), 'utf8').trim().toLowerCase();
  } catch {
    return null;
  }
}

function readStoredToken(file: string): string | null {
  try {
    return readFileSync(file, 'utf8').trim() || null;
  } catch {
    return null;
  }
}
