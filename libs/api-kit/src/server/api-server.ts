import { writeFileSync } from 'node:fs';
import { Logger, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { ClassConstructor } from 'class-transformer';
import { describeTokenSource, resolveApiToken } from '../auth/api-token.js';
import { ConfigurationError, readEnvironment, validateEnvironment, type EnvironmentSource } from '../config/environment.js';
import { installSecurityHeaders } from '../http/security-headers.js';
import {
  createOpenApiDocument,
  serialiseOpenApiDocument,
  serveApiDocs,
  type ApiDocsInfo,
} from '../openapi/api-docs.js';

/** What differs between the TinyStack servers; everything else about starting one is shared. */
export interface ApiServerDefinition<S extends object> {
  /** For log lines: "Compute node", "Manager". */
  name: string;
  settings: ClassConstructor<S>;
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
export function runApiServer<S extends object>(
  definition: ApiServerDefinition<S>,
  argv: readonly string[],
  env: EnvironmentSource,
): void {
  const [command, file] = argv;
  const run =
    command === 'openapi'
      ? generateOpenApiDocument(definition).then((document) =>
          writeFileSync(file ?? definition.docs.file, serialiseOpenApiDocument(document)),
        )
      : serve(definition, env);
  run.catch((error: unknown) => {
    console.error(error instanceof ConfigurationError ? error.message : error);
    process.exit(1);
  });
}

async function serve<S extends object>(definition: ApiServerDefinition<S>, env: EnvironmentSource): Promise<void> {
  const logger = new Logger(definition.name);
  const settings = validateEnvironment(definition.settings, readEnvironment(env));
  const tokenSetting = definition.token(settings);
  const token = resolveApiToken(tokenSetting.configured, tokenSetting.file);
  definition.prepare?.(settings);
  const app = await NestFactory.create(definition.module(settings, token.token));
  installSecurityHeaders(app);
  definition.configure?.(app);
  app.enableShutdownHooks();
  serveApiDocs(app, { ui: definition.docs.ui, json: definition.docs.json }, definition.docs.file);
  const { port, host } = definition.address(settings);
  await app.listen(port, host);
  logger.log(describeTokenSource(token, tokenSetting.variable));
  logger.log(`${definition.name} listening on ${await app.getUrl()} (API docs at /${definition.docs.ui})`);
}

/** Builds the document from the code without starting anything (preview mode instantiates no provider). */
export async function generateOpenApiDocument<S extends object>(definition: ApiServerDefinition<S>): Promise<OpenAPIObject> {
  const app = await NestFactory.create(definition.module(new definition.settings(), 'document-generation'), {
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
