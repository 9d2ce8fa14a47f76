import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { API_TOKEN, BearerTokenGuard } from '../auth/bearer-token.guard.js';
import { ApiErrorFilter } from '../http/api-error.filter.js';
import { JsonBodyInterceptor } from '../http/json-body.interceptor.js';
import { createValidationPipe } from '../http/validation.pipe.js';

/**
 * What every TinyStack API shares: bearer-token auth on every route not marked
 * @Public(), JSON bodies only (bounded in size and depth), strict validation
 * of every input, and one error shape. Apps are created with
 * API_APPLICATION_OPTIONS so that Nest's own body parsers stay out of the way.
 */
@Module({})
export class ApiKitModule {
  static forRoot(options: { apiToken: string }): DynamicModule {
    return {
      module: ApiKitModule,
      providers: [
        { provide: API_TOKEN, useValue: options.apiToken },
        { provide: APP_GUARD, useClass: BearerTokenGuard },
        { provide: APP_INTERCEPTOR, useClass: JsonBodyInterceptor },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: ApiErrorFilter },
      ],
    };
  }
}
