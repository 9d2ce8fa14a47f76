import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { API_TOKEN, BearerTokenGuard } from '../auth/bearer-token.guard.js';
import { ApiErrorFilter } from '../http/api-error.filter.js';
import { createValidationPipe } from '../http/validation.pipe.js';

/**
 * What every TinyStack API shares: bearer-token auth on every route not marked
 * @Public(), strict validation of every input, and one error shape.
 */
@Module({})
export class ApiKitModule {
  static forRoot(options: { apiToken: string }): DynamicModule {
    return {
      module: ApiKitModule,
      providers: [
        { provide: API_TOKEN, useValue: options.apiToken },
        { provide: APP_GUARD, useClass: BearerTokenGuard },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: ApiErrorFilter },
      ],
    };
  }
}
