import { SetMetadata } from '@nestjs/common';

export const BODY_LIMIT = 'tinystack:body-limit';

/** The route accepts request bodies up to `bytes` instead of DEFAULT_BODY_LIMIT_BYTES. */
export const BodyLimit = (bytes: number) => SetMetadata(BODY_LIMIT, bytes);

export const STREAMED_BODY = 'tinystack:streamed-body';

/**
 * The route reads its body itself, as a stream (an image tarball): the JSON
 * body parser leaves it unread. The handler then owns the request's bytes:
 * it must bound them, time them out and check them.
 */
export const StreamedBody = () => SetMetadata(STREAMED_BODY, true);
