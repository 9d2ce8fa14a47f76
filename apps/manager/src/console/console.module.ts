import { Module, type DynamicModule } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { consoleCacheControl } from './console-cache.js';
import { builtConsoleDirectory } from './console-location.js';
import { ConsoleMissingNotice } from './console-missing.notice.js';

/** Paths the console never answers, so that an unknown API route stays a JSON 404. */
export const CONSOLE_EXCLUDED_PATHS = ['/api/{*path}', '/health'];

/**
 * The admin console (the Angular build in dist/frontend/browser) at /, with
 * every other path that is not the API answered by its index.html, so that
 * client routes such as /nodes/<id> load the app.
 */
@Module({})
export class ConsoleModule {
  static forRoot(directory: string | null = builtConsoleDirectory()): DynamicModule {
    if (!directory) return { module: ConsoleModule, providers: [ConsoleMissingNotice] };
    return {
      module: ConsoleModule,
      imports: [
        ServeStaticModule.forRoot({
          rootPath: directory,
          exclude: CONSOLE_EXCLUDED_PATHS,
          serveStaticOptions: {
            setHeaders: (response: { setHeader(name: string, value: string): void }, path: string) =>
              response.setHeader('cache-control', consoleCacheControl(path)),
          },
        }),
      ],
    };
  }
}
