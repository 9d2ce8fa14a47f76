import { Module, type CanActivate, type DynamicModule, type Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { API_TOKEN, BearerTokenGuard } from '../auth/bearer-token.guard.js';
import { ApiErrorFilter } from '../http/api-error.filter.js';
import { JsonBodyInterceptor } from '../http/json-body.interceptor.js';
import { createValidationPipe } from '../http/validation.pipe.js';

/**
 * How requests are authenticated: one bearer token for the whole API, or the
 * app's own guard (which must refuse, like BearerTokenGuard, every route not
 * marked @Public() without valid credentials).
 */
export type ApiAuthentication = { apiToken: string } | { guard: Type<CanActivate> };

/**
 * What every TinyStack API shares: authentication on every route not marked
 * @Public(), JSON bodies only (bounded in size and depth), strict validation
 * of every input, and one error shape. Apps are created with
 * API_APPLICATION_OPTIONS so that Nest's own body parsers stay out of the way.
 */
@Module({})
export class ApiKitModule {
  static forRoot(options: ApiAuthentication): DynamicModule {
    const authentication =
      'guard' in options
        ? [{ provide: APP_GUARD, useClass: options.guard }]
        : [
            { provide: API_TOKEN, useValue: options.apiToken },
            { provide: APP_GUARD, useClass: BearerTokenGuard },
          ];
    return {
      module: ApiKitModule,
      providers: [
        ...authentication,
        { provide: APP_INTERCEPTOR, useClass: JsonBodyInterceptor },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: ApiErrorFilter },
      ],
    };
  }
}
