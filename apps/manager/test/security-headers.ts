import type { IncomingHttpHeaders } from 'node:http';

/**
 * What every answer of a TinyStack server must carry, whatever it is (API,
 * error, docs, console): a policy without inline or eval'd script that
 * forbids framing, no sniffing, no referrer, no X-Powered-By.
 */
export function expectSecurityHeaders(headers: IncomingHttpHeaders, what: string): void {
  const policy = String(headers['content-security-policy'] ?? '');
  const directives = new Map(
    policy.split(';').map((directive) => {
      const [name = '', ...sources] = directive.trim().split(/\s+/);
      return [name, sources] as const;
    }),
  );
  expect(directives.get('default-src'), `${what}: default-src`).toEqual(["'self'"]);
  expect(directives.get('script-src'), `${what}: script-src`).toEqual(["'self'"]);
  expect(directives.get('script-src-attr'), `${what}: script-src-attr`).toEqual(["'none'"]);
  expect(directives.get('object-src'), `${what}: object-src`).toEqual(["'none'"]);
  expect(directives.get('frame-ancestors'), `${what}: frame-ancestors`).toEqual(["'none'"]);
  expect(headers['x-frame-options'], `${what}: X-Frame-Options`).toBe('DENY');
  expect(headers['x-content-type-options'], `${what}: X-Content-Type-Options`).toBe('nosniff');
  expect(headers['referrer-policy'], `${what}: Referrer-Policy`).toBe('no-referrer');
  expect(headers['x-powered-by'], `${what}: X-Powered-By`).toBeUndefined();
}
