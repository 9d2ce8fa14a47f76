import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { createOpenApiDocument, type ApiDocsInfo } from '@tinystack/api-kit';
import type { OpenAPIObject } from '@nestjs/swagger';
import { ComputeSettings } from './config/compute.settings.js';
import { ComputeModule } from './compute.module.js';

/** The committed document, resolved from the source and the bundle alike (both sit three levels deep). */
export const COMPUTE_OPENAPI_FILE = join(__dirname, '..', '..', '..', 'openapi', 'compute.json');

export const COMPUTE_API_INFO: ApiDocsInfo = {
  title: 'TinyStack compute node',
  description:
    "The API of one board: its usage and its LXC containers (the paper's Table 1). " +
    'Every route except /health needs "Authorization: Bearer <COMPUTE_TOKEN>". ' +
    'Errors always have the ErrorDto shape.',
  version: '1.0.0',
};

/** Builds the document from the code without starting anything (preview mode instantiates no provider). */
export async function generateComputeOpenApi(): Promise<OpenAPIObject> {
  const app = await NestFactory.create(ComputeModule.forRoot(new ComputeSettings(), 'document-generation'), {
    preview: true,
    logger: false,
  });
  try {
    return createOpenApiDocument(app, COMPUTE_API_INFO);
  } finally {
    await app.close();
  }
}
