import { readFileSync } from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

export interface ApiDocsInfo {
  title: string;
  description: string;
  version: string;
}

export const BEARER_SCHEME = 'bearer';

/** Builds the OpenAPI document from the code; run at build time, never at start-up. */
export function createOpenApiDocument(app: INestApplication, info: ApiDocsInfo): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(info.title)
    .setDescription(info.description)
    .setVersion(info.version)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'The API token of this server' }, BEARER_SCHEME)
    .addSecurityRequirements(BEARER_SCHEME)
    .build();
  return SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controllerKey, methodKey) => methodKey,
  });
}

/**
 * Serves Swagger UI and the JSON document from the committed file, read on
 * the first request: generating it at start-up would cost every node memory
 * and time for a page few people open.
 */
export function serveApiDocs(
  app: INestApplication,
  paths: { ui: string; json: string },
  documentFile: string,
): void {
  SwaggerModule.setup(paths.ui, app, () => JSON.parse(readFileSync(documentFile, 'utf8')) as OpenAPIObject, {
    jsonDocumentUrl: paths.json,
    raw: ['json'],
    swaggerOptions: { persistAuthorization: true },
  });
}

/** Stable text for committing: keys as generated, two-space indent, final newline. */
export function serialiseOpenApiDocument(document: OpenAPIObject): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
