import { Module, type DynamicModule, type Type } from '@nestjs/common';

/** Makes an app's validated settings object injectable everywhere by its class. */
@Module({})
export class SettingsModule {
  static forRoot<T extends object>(schema: Type<T>, settings: T): DynamicModule {
    return {
      module: SettingsModule,
      global: true,
      providers: [{ provide: schema, useValue: settings }],
      exports: [schema],
    };
  }
}
