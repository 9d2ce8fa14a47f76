import { writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import { Logger, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { ClassConstructor } from 'class-transformer';
import { describeTokenSource, resolveApiToken } from '../auth/api-token.js';
import { ConfigurationError, readEnvironment, validateEnvironment, type EnvironmentSource } from '../config/environment.js';
import { preparePrivateDirectory } from '../files/private-files.js';
import { installSecurityHeaders } from '../http/security-headers.js';
import { AppLogger } from '../logging/app-logger.js';
import { LogSettings } from '../logging/log-settings.js';
import {
  createOpenApiDocument,
  serialiseOpenApiDocument,
  serveApiDocs,
  type ApiDocsInfo,
} from '../openapi/api-docs.js';
import { API_APPLICATION_OPTIONS } from './api-application-options.js';

/** What differs between the TinyStack servers; everything else about starting one is shared. */
export interface ApiServerDefinition<S extends LogSettings> {
  /** For log lines: "Compute node", "Manager". */
  name: string;
  settings: ClassConstructor<S>;
  /** The app's DATA_DIR: created owner-only (or made so) before anything is written there. */
  dataDir: (settings: S) => string;
  token: (settings: S) => { configured: string | undefined; file: string; variable: string };
  address: (settings: S) => { port: number; host: string };
  module: (settings: S, apiToken: string) => DynamicModule;
  /** Applied to the served app and to the one documents are generated from (global prefix…). */
  configure?: (app: INestApplication) => void;
  /** Work before the app is created (directories it expects…). */
  prepare?: (settings: S) => void;
  docs: {
    ui: string;
    json: string;
    /** The committed document, served as it is. */
    file: string;
    info: ApiDocsInfo;
    /** Additions the decorators cannot express. */
    complete?: (document: OpenAPIObject) => void;
  };
}

/**
 * The entry point of a server: `main.js` serves; `main.js openapi [file]` writes
 * the OpenAPI document generated from the code instead (build time, so that
 * starting a node never pays for it).
 */
export function runApiServer<S extends LogSettings>(
  definition: ApiServerDefinition<S>,
  argv: readonly string[],
  env: EnvironmentSource,
): void {
  const [command, file] = argv;
  // serve() logs its own failures; this is for what happens before its logger exists (an unreadable .env).
  const fail = (error: unknown) => {
    console.error(error);
    process.exit(1);
  };
  if (command !== 'openapi') {
    serve(definition, env).catch(fail);
    return;
  }
  generateOpenApiDocument(definition)
    .then((document) => writeFileSync(file ?? definition.docs.file, serialiseOpenApiDocument(document)))
    .catch(fail);
}

/**
 * Starts the server, logging through the AppLogger from the first line on. What
 * a person needs comes at info level: where the token is, where it listens (and
 * the warnings of the features that cannot work here, from their own providers).
 */
async function serve<S extends LogSettings>(definition: ApiServerDefinition<S>, env: EnvironmentSource): Promise<void> {
  const source = readEnvironment(env);
  const appLogger = appLoggerFor(source);
  Logger.overrideLogger(appLogger);
  const logger = new Logger(definition.name);
  let address: { port: number; host: string } | undefined;
  try {
    const settings = validateEnvironment(definition.settings, source);
    preparePrivateDirectory(resolve(definition.dataDir(settings)));
    const tokenSetting = definition.token(settings);
    const token = resolveApiToken(tokenSetting.configured, resolve(tokenSetting.file), tokenSetting.variable);
    definition.prepare?.(settings);
    const app = await NestFactory.create(definition.module(settings, token.token), {
      ...API_APPLICATION_OPTIONS,
      logger: appLogger,
    });
    installSecurityHeaders(app);
    definition.configure?.(app);
    app.enableShutdownHooks();
    serveApiDocs(app, { ui: definition.docs.ui, json: definition.docs.json }, definition.docs.file);
    address = definition.address(settings);
    await app.listen(address.port, address.host);
    logger.log(describeTokenSource(token, tokenSetting.variable));
    logger.log(`${definition.name} listening on ${describeListening(address, await app.getUrl(), definition.docs.ui)}`);
  } catch (error) {
    logger.error(describeStartFailure(error, address));
    process.exit(1);
  }
}

/**
 * The logger the settings ask for. A bad LOG_LEVEL or LOG_FORMAT falls back to
 * the defaults here: the validation of all settings that follows names it.
 */
function appLoggerFor(source: EnvironmentSource): AppLogger {
  let settings: LogSettings;
  try {
    settings = validateEnvironment(LogSettings, source);
  } catch {
    settings = new LogSettings();
  }
  return new AppLogger({ level: settings.LOG_LEVEL, format: settings.LOG_FORMAT, noColor: source['NO_COLOR'] });
}

const UNSPECIFIED_HOSTS = new Set(['0.0.0.0', '::']);
/** Interfaces of the containers' own network: no client reaches the node through them. */
const CONTAINER_INTERFACES = /^(lxcbr|veth)/;

/**
 * Where clients reach the server. Listening on every address, that is this
 * machine's network addresses (what a manager registers), not 0.0.0.0.
 */
function describeListening(address: { port: number; host: string }, url: string, docsPath: string): string {
  if (!UNSPECIFIED_HOSTS.has(address.host)) return `${url} (API docs: ${url}/${docsPath})`;
  const urls = Object.entries(networkInterfaces())
    .filter(([name]) => !CONTAINER_INTERFACES.test(name))
    .flatMap(([, addresses]) => addresses ?? [])
    .filter((entry) => entry.family === 'IPv4' && !entry.internal)
    .map((entry) => `http://${entry.address}:${address.port}`);
  const reachable = urls.length > 0 ? urls : [url];
  return `every address, port ${address.port}: ${reachable.join(', ')} (API docs: ${reachable[0]}/${docsPath})`;
}

const LISTEN_FAILURES: Record<string, string> = {
  EADDRINUSE: 'the port is already in use (another server runs there: stop it or choose another port)',
  EACCES: 'permission denied (ports below 1024 need root: choose a port above 1024)',
  EADDRNOTAVAIL: 'this machine has no such address (use 0.0.0.0 for every address)',
  ENOTFOUND: 'the host name does not resolve',
};

/** Why the server could not start, in words; a configuration error already says which variable is wrong. */
function describeStartFailure(error: unknown, address: { port: number; host: string } | undefined): unknown {
  if (error instanceof ConfigurationError) return error.message;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (address && code && LISTEN_FAILURES[code]) {
    return `Could not listen on ${address.host}:${address.port}: ${LISTEN_FAILURES[code]}`;
  }
  return error;
}

/** Builds the document from the code without starting anything (preview mode instantiates no provider). */
export async function generateOpenApiDocument<S extends LogSettings>(definition: ApiServerDefinition<S>): Promise<OpenAPIObject> {
  const app = await NestFactory.create(definition.module(new definition.settings(), 'document-generation'), {
    ...API_APPLICATION_OPTIONS,
    preview: true,
    logger: false,
  });
  try {
    definition.configure?.(app);
    const document = createOpenApiDocument(app, definition.docs.info);
    definition.docs.complete?.(document);
    return document;
  } finally {
    await app.close();
  }
}
