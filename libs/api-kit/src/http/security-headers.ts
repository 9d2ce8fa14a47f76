import type { INestApplication, SecurityHeadersOptions } from '@nestjs/common';

/**
 * The security headers of every TinyStack server, on every response (API
 * answers, errors, 404s, /health, Swagger UI, the console).
 *
 * No inline script anywhere: the console is Angular's external bundles and
 * Swagger UI loads its start-up code from swagger-ui-init.js. Inline styles
 * are allowed because Angular adds component styles as <style> elements and
 * Swagger UI's page has style blocks. Nothing comes from another origin: the
 * boards run on a closed classroom network.
 *
 * Left out on purpose: Strict-Transport-Security and
 * upgrade-insecure-requests, because the servers speak plain HTTP on the LAN
 * (the upgrade would send every request to an https:// port nobody serves);
 * Cross-Origin-Opener-Policy, which browsers ignore on plain-HTTP origins
 * other than localhost and warn about in the console.
 */
export const SECURITY_HEADERS: SecurityHeadersOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      imgSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      scriptSrc: ["'self'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
    },
  },
  xFrameOptions: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  xContentTypeOptions: true,
  xPoweredBy: true,
  strictTransportSecurity: false,
  crossOriginOpenerPolicy: false,
};

/**
 * Installs SECURITY_HEADERS as the first request hook, so that the headers
 * are on responses of everything registered after it (Swagger UI included):
 * call it right after creating the app.
 */
export function installSecurityHeaders(app: INestApplication): void {
  app.useSecurityHeaders(SECURITY_HEADERS);
}
