import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface ResolvedApiToken {
  token: string;
  /** configured: from the environment; stored: read from tokenFile; generated: new, written to tokenFile. */
  source: 'configured' | 'stored' | 'generated';
  tokenFile: string;
}

/**
 * The API token a server accepts: the configured one, else the one stored by
 * an earlier run, else a new random one saved (owner-only) for the next run.
 */
export function resolveApiToken(configured: string | undefined, tokenFile: string): ResolvedApiToken {
  if (configured) return { token: configured, source: 'configured', tokenFile };
  if (existsSync(tokenFile)) {
    const stored = readFileSync(tokenFile, 'utf8').trim();
    if (stored) return { token: stored, source: 'stored', tokenFile };
  }
  const token = randomBytes(32).toString('base64url');
  mkdirSync(dirname(tokenFile), { recursive: true, mode: 0o700 });
  writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
  return { token, source: 'generated', tokenFile };
}

/** A log line that says where the token is without ever showing it. */
export function describeTokenSource(resolved: ResolvedApiToken, variable: string): string {
  switch (resolved.source) {
    case 'configured':
      return `API token taken from ${variable}`;
    case 'stored':
      return `API token read from ${resolved.tokenFile} (set ${variable} to choose one)`;
    case 'generated':
      return `No ${variable} set: generated an API token and stored it in ${resolved.tokenFile}`;
  }
}
