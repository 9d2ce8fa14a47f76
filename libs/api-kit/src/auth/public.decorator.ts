import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'tinystack:public-route';
export const QUERY_TOKEN_ROUTE = 'tinystack:query-token-route';

/** The route answers without a token (health checks). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/**
 * The route also accepts the token as `?access_token=`, for browsers'
 * EventSource, which cannot send headers.
 */
export const AcceptsQueryToken = () => SetMetadata(QUERY_TOKEN_ROUTE, true);
