import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';

/** Says once, at start-up, why / shows no console and how to get one; the API works regardless. */
@Injectable()
export class ConsoleMissingNotice implements OnApplicationBootstrap {
  onApplicationBootstrap(): void {
    new Logger('Console').warn(
      'The admin console is not built (no dist/frontend/browser/index.html), so / serves nothing: run "npm run build:console"',
    );
  }
}
