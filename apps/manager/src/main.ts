import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  ConfigurationError,
  describeTokenSource,
  readEnvironment,
  resolveApiToken,
  serialiseOpenApiDocument,
  serveApiDocs,
  validateEnvironment,
} from '@tinystack/api-kit';
import { ManagerSettings } from './config/manager.settings.js';
import { API_PREFIX, configureManagerApp } from './manager.app.js';
import { ManagerModule } from './manager.module.js';
import { generateManagerOpenApi, MANAGER_OPENAPI_FILE } from './manager.openapi.js';

async function serve(): Promise<void> {
  const logger = new Logger('Manager');
  const settings = validateEnvironment(ManagerSettings, readEnvironment(process.env));
  const token = resolveApiToken(settings.MANAGER_TOKEN, join(settings.DATA_DIR, 'manager-token'));
  const app = await NestFactory.create(ManagerModule.forRoot(settings, token.token));
  configureManagerApp(app);
  app.enableShutdownHooks();
  serveApiDocs(app, { ui: `${API_PREFIX}/docs`, json: `${API_PREFIX}/docs-json` }, MANAGER_OPENAPI_FILE);
  await app.listen(settings.MANAGER_PORT, settings.MANAGER_HOST);
  logger.log(describeTokenSource(token, 'MANAGER_TOKEN'));
  logger.log(`Manager listening on ${await app.getUrl()} (API under /${API_PREFIX}, docs at /${API_PREFIX}/docs)`);
}

async function writeOpenApi(file: string): Promise<void> {
  writeFileSync(file, serialiseOpenApiDocument(await generateManagerOpenApi()));
}

const [command, argument] = process.argv.slice(2);
const run = command === 'openapi' ? writeOpenApi(argument ?? MANAGER_OPENAPI_FILE) : serve();
run.catch((error: unknown) => {
  if (error instanceof ConfigurationError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
