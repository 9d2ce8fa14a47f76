import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'tinystack:public-route';

/** The route answers without a token (health checks). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
