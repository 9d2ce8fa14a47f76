import { Global, Module, type DynamicModule } from '@nestjs/common';
import { COMPUTE_API_TOKEN } from './join.service.js';

/** The node's own API token, for the one provider that hands it on: the join gives it to the manager. */
@Global()
@Module({})
export class ComputeTokenModule {
  static forRoot(computeToken: string): DynamicModule {
    return {
      module: ComputeTokenModule,
      providers: [{ provide: COMPUTE_API_TOKEN, useValue: computeToken }],
      exports: [COMPUTE_API_TOKEN],
    };
  }
}
