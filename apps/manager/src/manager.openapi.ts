import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { createOpenApiDocument, type ApiDocsInfo } from '@tinystack/api-kit';
import { ManagerSettings } from './config/manager.settings.js';
import { QUERY_TOKEN_SCHEME } from './events/events.controller.js';
import { configureManagerApp } from './manager.app.js';
import { ManagerModule } from './manager.module.js';

/** The committed document, resolved from the source and the bundle alike (both sit three levels deep). */
export const MANAGER_OPENAPI_FILE = join(__dirname, '..', '..', '..', 'openapi', 'manager.json');

export const MANAGER_API_INFO: ApiDocsInfo = {
  title: 'TinyStack manager',
  description:
    'The cluster API: the registered compute nodes (polled on a schedule), every instance on every node, ' +
    'placement of new instances, the event log and live events. Every route under /api needs ' +
    '"Authorization: Bearer <MANAGER_TOKEN>" (GET /api/events also takes ?access_token=). ' +
    'Errors always have the ErrorDto shape; errors of a compute node keep their status and message.',
  version: '1.0.0',
};

/** Builds the document from the code without starting anything (preview mode instantiates no provider). */
export async function generateManagerOpenApi(): Promise<OpenAPIObject> {
  const app = await NestFactory.create(ManagerModule.forRoot(new ManagerSettings(), 'document-generation'), {
    preview: true,
    logger: false,
  });
  try {
    configureManagerApp(app);
    const document = createOpenApiDocument(app, MANAGER_API_INFO);
    document.components ??= {};
    document.components.securitySchemes = {
      ...document.components.securitySchemes,
      [QUERY_TOKEN_SCHEME]: {
        type: 'apiKey',
        in: 'query',
        name: 'access_token',
        description: 'The MANAGER_TOKEN as a query parameter; accepted by GET /api/events only (for EventSource)',
      },
    };
    return document;
  } finally {
    await app.close();
  }
}
