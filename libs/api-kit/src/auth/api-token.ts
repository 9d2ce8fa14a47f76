import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { API_TOKEN_RULE, isApiToken } from '@tinystack/contracts';
import { ConfigurationError } from '../config/environment.js';
import { keepPrivate, preparePrivateDirectory, writePrivateFile } from '../files/private-files.js';

export interface ResolvedApiToken {
  token: string;
  /** configured: from the environment; stored: read from tokenFile; generated: new, written to tokenFile. */
  source: 'configured' | 'stored' | 'generated';
  tokenFile: string;
}

/**
 * The API token a server accepts: the configured one, else the one stored by
 * an earlier run, else a new random one saved (owner-only) for the next run.
 * A token that breaks the token rule stops the start with a message that
 * names where it came from, never the token; a stored one is made owner-only
 * whatever its mode was.
 */
export function resolveApiToken(configured: string | undefined, tokenFile: string, variable: string): ResolvedApiToken {
  if (configured) {
    if (!isApiToken(configured)) {
      throw new ConfigurationError(`${variable} is not a usable API token: a token is ${API_TOKEN_RULE}`);
    }
    return { token: configured, source: 'configured', tokenFile };
  }
  if (existsSync(tokenFile)) {
    keepPrivate(tokenFile);
    const stored = readFileSync(tokenFile, 'utf8').trim();
    if (stored) {
      if (!isApiToken(stored)) {
        throw new ConfigurationError(
          `${tokenFile} does not hold a usable API token (a token is ${API_TOKEN_RULE}): ` +
            `fix it, delete it to have a new one generated, or set ${variable}`,
        );
      }
      return { token: stored, source: 'stored', tokenFile };
    }
  }
  const token = randomBytes(32).toString('base64url');
  preparePrivateDirectory(dirname(tokenFile));
  writePrivateFile(tokenFile, `${token}\n`);
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
