import type { NestApplicationOptions } from '@nestjs/common';

/**
 * Options every TinyStack app is created with, the served ones and those of
 * the tests: Nest's body parsers (JSON, and form bodies that the DTOs then
 * took like JSON) give way to the JsonBodyInterceptor of ApiKitModule.
 */
export const API_APPLICATION_OPTIONS = { bodyParser: false } as const satisfies NestApplicationOptions;
