import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
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
import { ComputeSettings } from './config/compute.settings.js';
import { ComputeModule } from './compute.module.js';
import { COMPUTE_OPENAPI_FILE, generateComputeOpenApi } from './compute.openapi.js';

async function serve(): Promise<void> {
  const logger = new Logger('Compute');
  const settings = validateEnvironment(ComputeSettings, readEnvironment(process.env));
  const token = resolveApiToken(settings.COMPUTE_TOKEN, join(settings.DATA_DIR, 'compute-token'));
  // A configured lxcpath that does not exist yet is created, as LXC does for its default one.
  if (settings.LXC_PATH) mkdirSync(settings.LXC_PATH, { recursive: true });
  const app = await NestFactory.create(ComputeModule.forRoot(settings, token.token));
  app.enableShutdownHooks();
  serveApiDocs(app, { ui: 'docs', json: 'docs-json' }, COMPUTE_OPENAPI_FILE);
  await app.listen(settings.COMPUTE_PORT, settings.COMPUTE_HOST);
  logger.log(describeTokenSource(token, 'COMPUTE_TOKEN'));
  logger.log(`Compute node listening on ${await app.getUrl()} (API docs at /docs)`);
}

async function writeOpenApi(file: string): Promise<void> {
  writeFileSync(file, serialiseOpenApiDocument(await generateComputeOpenApi()));
}

const [command, argument] = process.argv.slice(2);
const run = command === 'openapi' ? writeOpenApi(argument ?? COMPUTE_OPENAPI_FILE) : serve();
run.catch((error: unknown) => {
  if (error instanceof ConfigurationError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
