import { SetMetadata } from '@nestjs/common';

export const BODY_LIMIT = 'tinystack:body-limit';

/** The route accepts request bodies up to `bytes` instead of DEFAULT_BODY_LIMIT_BYTES. */
export const BodyLimit = (bytes: number) => SetMetadata(BODY_LIMIT, bytes);
