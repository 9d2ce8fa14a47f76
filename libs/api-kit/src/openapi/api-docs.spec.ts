import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Body, Controller, Get, Module, Post, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiProperty, ApiTags, type OpenAPIObject } from '@nestjs/swagger';
import { ApiBodyExamples } from './api-body-examples.decorator.js';
import { API_LICENSE, BEARER_SCHEME, createOpenApiDocument, prefixedOperationId } from './api-docs.js';

const REPOSITORY = join(__dirname, '..', '..', '..', '..');

class GreetingDto {
  @ApiProperty({ example: 'hello' })
  text!: string;
}

@ApiTags('greetings')
@Controller('greetings')
class GreetingsController {
  @Get()
  listGreetings(): GreetingDto[] {
    return [];
  }

  @Post()
  @ApiBodyExamples(GreetingDto, { short: { summary: 'A short one', value: { text: 'hi' } } })
  createGreeting(@Body() greeting: GreetingDto): GreetingDto {
    return greeting;
  }
}

@Module({ controllers: [GreetingsController] })
class GreetingsModule {}

describe('createOpenApiDocument', () => {
  let app: INestApplication;
  let document: OpenAPIObject;

  beforeAll(async () => {
    app = await NestFactory.create(GreetingsModule, { preview: true, logger: false });
    document = createOpenApiDocument(app, {
      title: 'Greetings',
      description: 'A test API',
      version: '1.0.0',
      operationIdPrefix: 'greeter',
      tags: { greetings: 'Things said on arrival' },
    });
  });

  afterAll(() => app.close());

  it('names a relative server, the licence and every tag with its description', () => {
    expect(document.servers).toEqual([{ url: '/', description: expect.any(String) }]);
    expect(document.info.license).toEqual({ name: 'MIT', url: API_LICENSE.url });
    expect(document.tags).toEqual([{ name: 'greetings', description: 'Things said on arrival' }]);
  });

  it('prefixes every operationId with the app, so that two documents generate into one client', () => {
    expect(document.paths['/greetings']?.get?.operationId).toBe('greeterListGreetings');
    expect(document.paths['/greetings']?.post?.operationId).toBe('greeterCreateGreeting');
  });

  it('declares the bearer token as opaque, not as the JWT @nestjs/swagger assumes', () => {
    expect(document.components?.securitySchemes?.[BEARER_SCHEME]).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'opaque' });
    expect(document.security).toEqual([{ [BEARER_SCHEME]: [] }]);
  });

  it('documents a body with named examples and keeps its schema among the components', () => {
    expect(document.paths['/greetings']?.post?.requestBody).toEqual({
      required: true,
      content: {
        'application/json': {
          schema: { $ref: '#/components/schemas/GreetingDto' },
          examples: { short: { summary: 'A short one', value: { text: 'hi' } } },
        },
      },
    });
    expect(document.components?.schemas?.['GreetingDto']).toMatchObject({ properties: { text: { type: 'string' } } });
  });

  it('documents the 413 and 415 of the body parser on every route with a body, and only there', () => {
    const error = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorDto' } } };
    expect(document.paths['/greetings']?.post?.responses).toMatchObject({
      413: { description: expect.stringContaining('larger than the route accepts'), content: error },
      415: { description: expect.stringContaining('Content-Type: application/json'), content: error },
    });
    expect(Object.keys(document.paths['/greetings']?.get?.responses ?? {})).not.toContain('415');
    expect(document.components?.schemas?.['ErrorDto']).toMatchObject({ required: expect.arrayContaining(['statusCode', 'message']) });
  });
});

describe('prefixedOperationId', () => {
  it('joins the prefix and the method name in camel case', () => {
    expect(prefixedOperationId('compute', 'getHealth')).toBe('computeGetHealth');
    expect(prefixedOperationId('manager', 'listInstances')).toBe('managerListInstances');
  });
});

describe('the committed documents', () => {
  const documents = ['compute', 'manager'].map(
    (name) => JSON.parse(readFileSync(join(REPOSITORY, 'openapi', `${name}.json`), 'utf8')) as OpenAPIObject,
  );

  it('state the licence of package.json', () => {
    const { license } = JSON.parse(readFileSync(join(REPOSITORY, 'package.json'), 'utf8')) as { license: string };
    for (const document of documents) expect(document.info.license?.name).toBe(license);
  });

  it('have operationIds that stay unique when both are generated into one client', () => {
    const ids = documents.flatMap((document) =>
      Object.values(document.paths).flatMap((pathItem) =>
        Object.values(pathItem as Record<string, { operationId?: string }>).map((operation) => operation.operationId),
      ),
    );
    expect(ids.length).toBeGreaterThan(20);
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
  });
});
