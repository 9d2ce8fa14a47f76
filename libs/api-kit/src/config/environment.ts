import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

export type EnvironmentSource = Record<string, string | undefined>;

/** A configuration value is wrong; the message names every bad variable. */
export class ConfigurationError extends Error {}

/**
 * The process environment merged over the optional `.env` file: a variable
 * set in the real environment wins, as in dotenv.
 */
export function readEnvironment(env: EnvironmentSource, envFilePath = '.env'): EnvironmentSource {
  const fromFile = existsSync(envFilePath) ? parseEnv(readFileSync(envFilePath, 'utf8')) : {};
  return { ...fromFile, ...env };
}

/**
 * Turns raw strings into a typed, validated settings object of `schema`.
 * Unset and empty variables take the class's defaults.
 */
export function validateEnvironment<T extends object>(schema: ClassConstructor<T>, source: EnvironmentSource): T {
  const known = Object.keys(new schema());
  const relevant = Object.fromEntries(
    known.filter((key) => source[key] !== undefined && source[key] !== '').map((key) => [key, source[key]]),
  );
  const settings = plainToInstance(schema, relevant, { exposeDefaultValues: true });
  const errors = validateSync(settings, { skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.map((error) => describe(error, source[error.property]));
    throw new ConfigurationError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return settings;
}

/** Variables that hold secrets (COMPUTE_TOKEN, MANAGER_TOKEN…): a bad one is named, its value never shown. */
const SECRET_VARIABLE = /(?:^|_)(?:TOKEN|PASSWORD|SECRET)$/;

/** Shows the value as it was written, not as it was converted (a bad number would show as NaN). */
function describe(error: ValidationError, rawValue: string | undefined): string {
  const rules = Object.values(error.constraints ?? {}).join('; ');
  if (SECRET_VARIABLE.test(error.property)) return `  ${error.property} (value not shown): ${rules}`;
  return `  ${error.property}=${JSON.stringify(rawValue ?? error.value)}: ${rules}`;
}

const BOOLEAN_WORDS: Record<string, boolean> = { true: true, '1': true, false: false, '0': false };

/**
 * For @Transform on a boolean setting: "true"/"1" and "false"/"0".
 * @Type(() => Boolean) would turn the string "false" into true (any non-empty
 * string is truthy); anything else stays a string and fails @IsBoolean with
 * the variable's name.
 */
export const strictBoolean = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && Object.hasOwn(BOOLEAN_WORDS, value) ? BOOLEAN_WORDS[value] : value;
