import { ValidatorConstraint, Validate, type ValidationArguments, type ValidatorConstraintInterface } from 'class-validator';

export const BASE_URL_MAX_LENGTH = 2048;

/** A base URL cannot be used; the message says why, naming `what` it is. */
export class InvalidBaseUrlError extends Error {}

/**
 * The one spelling of a server's base URL (a manager's, a node's address as
 * others reach it): http or https only, no user name, password, query or
 * fragment (tokens travel in headers and bodies), a host, lower-case host,
 * default port dropped, no trailing slash.
 */
export function normaliseBaseUrl(raw: string, what: string): string {
  const text = raw.trim();
  if (text.length > BASE_URL_MAX_LENGTH) throw new InvalidBaseUrlError(`${what} must be at most ${BASE_URL_MAX_LENGTH} characters long`);
  if (!/^https?:\/\//i.test(text)) {
    throw new InvalidBaseUrlError(`${what} must start with http:// or https://, like http://10.0.0.2:8080 (got "${raw.slice(0, 100)}")`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidBaseUrlError(`${what} "${raw.slice(0, 100)}" is not a valid URL; write it like http://10.0.0.2:8080`);
  }
  if (url.username || url.password) throw new InvalidBaseUrlError(`${what} must not contain a user name or password`);
  if (url.search || text.includes('?')) throw new InvalidBaseUrlError(`${what} must not contain a query (?...)`);
  if (url.hash || text.includes('#')) throw new InvalidBaseUrlError(`${what} must not contain a fragment (#...)`);
  if (!url.hostname) throw new InvalidBaseUrlError(`${what} must name a host`);
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

@ValidatorConstraint({ name: 'baseUrl' })
class BaseUrlConstraint implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    if (typeof value !== 'string') return false;
    try {
      normaliseBaseUrl(value, args.property);
      return true;
    } catch {
      return false;
    }
  }

  defaultMessage(args: ValidationArguments): string {
    if (typeof args.value !== 'string') return `${args.property} must be a URL such as http://10.0.0.2:8080`;
    try {
      normaliseBaseUrl(args.value, args.property);
      return `${args.property} must be a URL such as http://10.0.0.2:8080`;
    } catch (error) {
      return (error as Error).message;
    }
  }
}

/** Validates a property holding a base URL by normaliseBaseUrl's rules, with its message. */
export function IsBaseUrl(): PropertyDecorator {
  return Validate(BaseUrlConstraint);
}
