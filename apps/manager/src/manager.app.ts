import type { INestApplication } from '@nestjs/common';

export const API_PREFIX = 'api';

/** Settings the served app and the generated document must share: every route under /api but /health. */
export function configureManagerApp(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health'] });
}
