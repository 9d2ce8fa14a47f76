import { Module, type DynamicModule } from '@nestjs/common';
import { ConsoleFiles } from './console-files.js';
import { builtConsoleDirectory } from './console-location.js';
import { ConsoleMissingNotice } from './console-missing.notice.js';
import { ConsoleRoutes } from './console-routes.js';

/**
 * The admin console (the Angular build in dist/frontend/browser) at /, with
 * every other path that is not the API and not a file answered by its
 * index.html, so that client routes such as /nodes/<id> load the app. Files
 * go out precompressed when the build made a .br or .gz of them and the
 * browser accepts it. Without a build, paths outside the API are a 404 that
 * says how to build the console.
 */
@Module({})
export class ConsoleModule {
  static forRoot(directory: string | null = builtConsoleDirectory()): DynamicModule {
    if (!directory) return { module: ConsoleModule, providers: [ConsoleMissingNotice, ConsoleRoutes] };
    return {
      module: ConsoleModule,
      providers: [{ provide: ConsoleFiles, useValue: new ConsoleFiles(directory) }, ConsoleRoutes],
    };
  }
}
