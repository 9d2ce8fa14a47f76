import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { UsageError } from '../cli.errors.js';

/**
 * What the config file holds: the manager's address and a token for it; and,
 * when `tinystack login` made that token, its id (so that logout can revoke
 * it) and whose it is.
 */
export interface SavedManager {
  url: string;
  token?: string;
  tokenId?: string;
  username?: string;
}

const FIELDS = ['url', 'token', 'tokenId', 'username'] as const;

/** The config file, and whether it was named by TINYSTACK_CONFIG (else it is the default location). */
export interface ConfigLocation {
  file: string;
  chosen: boolean;
}

/**
 * $TINYSTACK_CONFIG, else ${XDG_CONFIG_HOME:-~/.config}/tinystack/config.json
 * (an XDG_CONFIG_HOME that is not absolute is ignored, as the XDG rules say).
 */
export function configLocation(env: Readonly<Record<string, string | undefined>>): ConfigLocation {
  const chosen = env['TINYSTACK_CONFIG'];
  if (chosen) return { file: chosen, chosen: true };
  const xdg = env['XDG_CONFIG_HOME'];
  const base = xdg && isAbsolute(xdg) ? xdg : join(env['HOME'] || homedir(), '.config');
  return { file: join(base, 'tinystack', 'config.json'), chosen: false };
}

export type ReadConfig =
  | { state: 'missing' }
  | { state: 'read'; saved: Partial<SavedManager>; mode: number }
  | { state: 'unusable'; problem: string };

/** The config file's content; never throws (a broken file is described, so each caller decides). */
export function readConfig(file: string): ReadConfig {
  let text: string;
  let mode: number;
  try {
    mode = statSync(file).mode & 0o777;
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing' };
    return { state: 'unusable', problem: `${file} cannot be read: ${(error as Error).message}` };
  }
  let content: unknown;
  try {
    content = JSON.parse(text);
  } catch (error) {
    return { state: 'unusable', problem: `${file} is not valid JSON (${(error as Error).message})` };
  }
  if (typeof content !== 'object' || content === null || Array.isArray(content)) {
    return { state: 'unusable', problem: `${file} must hold a JSON object like {"url": "...", "token": "..."}` };
  }
  const saved: Partial<SavedManager> = {};
  for (const field of FIELDS) {
    const value = (content as Record<string, unknown>)[field];
    if (value === undefined) continue;
    if (typeof value !== 'string') return { state: 'unusable', problem: `${file}: ${FIELDS.map((name) => `"${name}"`).join(', ')} must be strings` };
    saved[field] = value;
  }
  return { state: 'read', saved, mode };
}

/**
 * Writes the config file readable by its owner only (0600), in a directory
 * of its own (0700) when it is the default location; through a temporary
 * file and a rename, so that no reader ever sees half a file.
 */
export function saveConfig(location: ConfigLocation, saved: SavedManager): void {
  const directory = dirname(location.file);
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  // The default directory is TinyStack's own; a chosen one (say /tmp) is left as it is.
  if (!location.chosen) chmodSync(directory, 0o700);
  const temporary = `${location.file}.${process.pid}.tmp`;
  const descriptor = openSync(temporary, 'wx', 0o600);
  try {
    const content = Object.fromEntries(FIELDS.filter((field) => saved[field] !== undefined).map((field) => [field, saved[field]]));
    writeSync(descriptor, `${JSON.stringify(content, null, 2)}\n`);
  } finally {
    closeSync(descriptor);
  }
  try {
    renameSync(temporary, location.file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** A manager address the CLI can call: http or https, without user name, password, query or fragment. */
export function checkManagerUrl(url: string, from: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`the manager address ${JSON.stringify(url)} (${from}) is not a URL; it looks like http://10.0.0.2:8080`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new UsageError(`the manager address (${from}) must start with http:// or https://`);
  }
  if (parsed.username || parsed.password || parsed.search || parsed.hash) {
    throw new UsageError(`the manager address (${from}) must not hold a user name, password, query or fragment`);
  }
  return url.replace(/\/+$/, '');
}
