/** The URL given for a node cannot be used; the message says why. */
export class InvalidNodeUrlError extends Error {}

/**
 * The one spelling of a node's base URL, so that the same node cannot be
 * registered twice under two spellings: http or https only, no credentials,
 * query or fragment (the token travels in a header), lower-case host, default
 * port dropped, no trailing slash.
 */
export function normaliseNodeUrl(raw: string): string {
  const text = raw.trim();
  if (!/^https?:\/\//i.test(text)) {
    throw new InvalidNodeUrlError(`url must start with http:// or https://, like http://10.0.0.21:7001 (got "${raw}")`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidNodeUrlError(`url "${raw}" is not a valid URL; write it like http://10.0.0.21:7001`);
  }
  if (url.username || url.password) {
    throw new InvalidNodeUrlError('url must not contain a user name or password; send the node token in "token"');
  }
  if (url.search || text.includes('?')) throw new InvalidNodeUrlError('url must not contain a query (?...)');
  if (url.hash || text.includes('#')) throw new InvalidNodeUrlError('url must not contain a fragment (#...)');
  if (!url.hostname) throw new InvalidNodeUrlError('url must name a host');
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path}`;
}
