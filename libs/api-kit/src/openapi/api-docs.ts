import { readFileSync } from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, getSchemaPath, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ErrorDto } from '@tinystack/contracts';
import { API_ERROR_MEANINGS } from './api-errors.decorator.js';

export interface ApiDocsInfo {
  title: string;
  description: string;
  version: string;
  /**
   * Starts every operationId ("compute" makes getHealth computeGetHealth), so
   * the documents of all TinyStack servers generate into one client without clashes.
   */
  operationIdPrefix: string;
  /** What each tag the controllers use groups; the document lists them in this order. */
  tags: Record<string, string>;
}

export const BEARER_SCHEME = 'bearer';

/** The project's licence (package.json "license"), stated in every document. */
export const API_LICENSE = { name: 'MIT', url: 'https://spdx.org/licenses/MIT.html' } as const;

/** "compute" + "getHealth" → "computeGetHealth". */
export function prefixedOperationId(prefix: string, methodKey: string): string {
  return `${prefix}${methodKey.charAt(0).toUpperCase()}${methodKey.slice(1)}`;
}

/** Builds the OpenAPI document from the code; run at build time, never at start-up. */
export function createOpenApiDocument(app: INestApplication, info: ApiDocsInfo): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle(info.title)
    .setDescription(info.description)
    .setVersion(info.version)
    .setLicense(API_LICENSE.name, API_LICENSE.url)
    // Relative, so Swagger UI and clients talk to whichever host serves the document.
    .addServer('/', 'The server that serves this document')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        // @nestjs/swagger says JWT unless told otherwise; these tokens are random strings with no structure.
        bearerFormat: 'opaque',
        description:
          'The API token of this server: an opaque string, either the one configured or the random one ' +
          'the server generated and stored on its first start',
      },
      BEARER_SCHEME,
    )
    .addSecurityRequirements(BEARER_SCHEME);
  for (const [name, description] of Object.entries(info.tags)) builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build(), {
    operationIdFactory: (_controllerKey, methodKey) => prefixedOperationId(info.operationIdPrefix, methodKey),
    extraModels: [ErrorDto],
  });
  documentBodyRefusals(document);
  return document;
}

/** The statuses the body parser (JsonBodyInterceptor) answers on every route that takes a body. */
const BODY_REFUSALS = [413, 415] as const;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * Every route with a request body can answer 413 and 415: the parser that
 * refuses them serves all routes, so their documentation is added here
 * rather than by a decorator on each route.
 */
function documentBodyRefusals(document: OpenAPIObject): void {
  for (const path of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = path[method];
      if (!operation?.requestBody) continue;
      for (const status of BODY_REFUSALS) {
        operation.responses[status] ??= {
          description: API_ERROR_MEANINGS[status]!,
          content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorDto) } } },
        };
      }
    }
  }
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
