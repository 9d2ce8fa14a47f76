import { UsageError } from '../cli.errors.js';
import { checkManagerUrl, configLocation, readConfig } from './cli-config.js';

/** The manager to call, and where its address and token came from (for messages; never the token itself). */
export interface Connection {
  url: string;
  token: string;
  urlFrom: string;
  tokenFrom: string;
}

/**
 * --url / --token, else TINYSTACK_URL / TINYSTACK_TOKEN, else the config
 * file; each of the two on its own, so a flag can override one saved value.
 */
export function resolveConnection(
  flags: { url: string | undefined; token: string | undefined },
  env: Readonly<Record<string, string | undefined>>,
  warn: (text: string) => void,
): Connection {
  let url = urlFlagOrEnv(flags.url, env);
  let token = flags.token
    ? { value: flags.token, from: '--token' }
    : env['TINYSTACK_TOKEN']
      ? { value: env['TINYSTACK_TOKEN'], from: 'TINYSTACK_TOKEN' }
      : null;
  const { file } = configLocation(env);
  if (!url || !token) {
    const config = readConfig(file);
    if (config.state === 'unusable') throw new UsageError(`${config.problem}; fix or remove it`);
    if (config.state === 'read') {
      if (!url && config.saved.url) url = { value: config.saved.url, from: file };
      if (!token && config.saved.token) {
        token = { value: config.saved.token, from: file };
        if ((config.mode & 0o077) !== 0) {
          warn(`${file} holds a token and other users may read it (mode ${config.mode.toString(8).padStart(4, '0')}): chmod 600 ${file}`);
        }
      }
    }
  }
  if (!url) throw noAddress(file);
  if (!token) {
    throw new UsageError(
      `no token for ${url.value}: sign in with tinystack login, pass --token, set TINYSTACK_TOKEN, or save one in ${file} (tinystack help config)`,
    );
  }
  return { url: checkManagerUrl(url.value, url.from), urlFrom: url.from, token: token.value, tokenFrom: token.from };
}

/** The manager's address alone (for tinystack login, which makes the token): --url, TINYSTACK_URL, the config file. */
export function resolveManagerUrl(flagUrl: string | undefined, env: Readonly<Record<string, string | undefined>>): { url: string; from: string } {
  let url = urlFlagOrEnv(flagUrl, env);
  const { file } = configLocation(env);
  if (!url) {
    const config = readConfig(file);
    if (config.state === 'unusable') throw new UsageError(`${config.problem}; fix or remove it`);
    if (config.state === 'read' && config.saved.url) url = { value: config.saved.url, from: file };
  }
  if (!url) throw noAddress(file);
  return { url: checkManagerUrl(url.value, url.from), from: url.from };
}

function urlFlagOrEnv(flagUrl: string | undefined, env: Readonly<Record<string, string | undefined>>): { value: string; from: string } | null {
  if (flagUrl) return { value: flagUrl, from: '--url' };
  const fromEnv = env['TINYSTACK_URL'];
  return fromEnv ? { value: fromEnv, from: 'TINYSTACK_URL' } : null;
}

function noAddress(file: string): UsageError {
  return new UsageError(
    `no manager address: pass --url URL, set TINYSTACK_URL, or save one in ${file} (tinystack help config); npm start saves its own there`,
  );
}
