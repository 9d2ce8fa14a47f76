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
 * Left out on purpose (the servers speak plain HTTP on a LAN):
 * - Strict-Transport-Security and upgrade-insecure-requests: the upgrade
 *   would send every request to an https:// port nobody serves;
 * - Cross-Origin-Opener-Policy: browsers ignore it on plain-HTTP origins
 *   other than localhost and report an error in the console;
 * - Origin-Agent-Cluster: Chromium logs a warning about it on the first load;
 * - the headers of software long gone (Internet Explorer's download dialog,
 *   Flash's cross-domain files, the XSS auditor): they would only lengthen
 *   every answer a board sends.
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
  originAgentCluster: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
};

/**
 * Installs SECURITY_HEADERS as the first request hook, so that the headers
 * are on responses of everything registered after it (Swagger UI included):
 * call it right after creating the app.
 */
export function installSecurityHeaders(app: INestApplication): void {
  app.useSecurityHeaders(SECURITY_HEADERS);
}
