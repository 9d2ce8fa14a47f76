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
  let url = flags.url ? { value: flags.url, from: '--url' } : env['TINYSTACK_URL'] ? { value: env['TINYSTACK_URL'], from: 'TINYSTACK_URL' } : null;
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
  if (!url) {
    throw new UsageError(
      `no manager address: pass --url URL, set TINYSTACK_URL, or save one in ${file} (tinystack help config); npm start saves its own there`,
    );
  }
  if (!token) {
    throw new UsageError(
      `no token for ${url.value}: pass --token, set TINYSTACK_TOKEN, or save one in ${file} (tinystack help config)`,
    );
  }
  return { url: checkManagerUrl(url.value, url.from), urlFrom: url.from, token: token.value, tokenFrom: token.from };
}
