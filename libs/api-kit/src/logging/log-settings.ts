import { Transform } from 'class-transformer';
import { IsIn } from 'class-validator';

/** LOG_LEVEL values, least to most talkative; "log" is Nest's name for "info". */
export const LOG_LEVELS = ['error', 'warn', 'info', 'log', 'debug'] as const;
export type LogLevelSetting = (typeof LOG_LEVELS)[number];

/** text: one line a person reads; json: one JSON object per line for machines. */
export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

const lowerCase = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value);

/**
 * The logging settings every TinyStack server shares; each app's settings
 * class extends this one, so the variables are read, validated and named in
 * errors like all the others.
 */
export class LogSettings {
  @Transform(lowerCase)
  @IsIn(LOG_LEVELS, { message: 'LOG_LEVEL must be one of error, warn, info (or log), debug' })
  LOG_LEVEL: LogLevelSetting = 'info';

  @Transform(lowerCase)
  @IsIn(LOG_FORMATS, { message: 'LOG_FORMAT must be text or json' })
  LOG_FORMAT: LogFormat = 'text';
}
