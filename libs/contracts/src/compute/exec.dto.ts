import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  type ValidationOptions,
} from 'class-validator';
import { CountField, FlagField, NumberField, TextField } from '../answer-fields.js';

export const EXEC_RULES = {
  maxCommandItems: 64,
  maxItemLength: 4096,
  maxEnvEntries: 32,
  envNamePattern: /^[A-Za-z_][A-Za-z0-9_]*$/,
  timeoutSeconds: { min: 1, max: 600, default: 30 },
  maxStdinBytes: 1024 * 1024,
  /** The largest EXEC_OUTPUT_MAX_BYTES a node may be given: what an answer's stdout or stderr can hold. */
  maxOutputBytes: 16 * 1024 * 1024,
} as const;

/** A JSON body carrying the largest stdin, even when every character needs a six-byte escape. */
export const EXEC_BODY_LIMIT_BYTES = EXEC_RULES.maxStdinBytes * 6 + 512 * 1024;

/** argv cannot carry a NUL byte: refused here rather than cut short by the kernel. */
const NO_NUL = /^[^\0]*$/;

function IsEnvironment(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isEnvironment',
      validator: {
        validate: (value: unknown) => environmentProblem(value) === null,
        defaultMessage: (args) => `env ${environmentProblem(args?.value) ?? ''}`,
      },
    },
    options,
  );
}

function environmentProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object of NAME: "value" pairs';
  const entries = Object.entries(value);
  if (entries.length > EXEC_RULES.maxEnvEntries) return `may hold at most ${EXEC_RULES.maxEnvEntries} variables (got ${entries.length})`;
  for (const [name, text] of entries) {
    if (!EXEC_RULES.envNamePattern.test(name)) {
      return `names must be letters, digits or "_", not starting with a digit (got "${name.slice(0, 40)}")`;
    }
    if (typeof text !== 'string') return `values must be strings (${name} is not)`;
    if (text.length > EXEC_RULES.maxItemLength) return `values may be at most ${EXEC_RULES.maxItemLength} characters (${name} is longer)`;
    if (!NO_NUL.test(text)) return `values cannot contain a NUL character (${name} does)`;
  }
  return null;
}

function HasUtf8LengthAtMost(bytes: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name: 'hasUtf8LengthAtMost', validator: { validate: (value: unknown) => typeof value !== 'string' || Buffer.byteLength(value) <= bytes } },
    options,
  );
}

function HasProgram(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name: 'hasProgram', validator: { validate: (value: unknown) => Array.isArray(value) && typeof value[0] === 'string' && value[0] !== '' } },
    options,
  );
}

export class ExecRequestDto {
  @ApiProperty({
    description:
      'The program and its arguments, as an array: nothing is interpreted by a shell (send ["sh", "-c", "..."] for that)',
    type: [String],
    minItems: 1,
    maxItems: EXEC_RULES.maxCommandItems,
    example: ['ls', '-l', '/'],
  })
  @IsArray({ message: 'command must be an array of strings: the program, then its arguments' })
  @ArrayMinSize(1, { message: 'command must name a program' })
  @ArrayMaxSize(EXEC_RULES.maxCommandItems, { message: `command may have at most ${EXEC_RULES.maxCommandItems} items` })
  @IsString({ each: true, message: 'command items must be strings' })
  @MaxLength(EXEC_RULES.maxItemLength, { each: true, message: `command items may be at most ${EXEC_RULES.maxItemLength} characters` })
  @Matches(NO_NUL, { each: true, message: 'command items cannot contain a NUL character' })
  @HasProgram({ message: 'command must start with the program to run, not an empty string' })
  command!: string[];

  @ApiPropertyOptional({
    description: `Environment variables (at most ${EXEC_RULES.maxEnvEntries}); the command starts with a cleared environment, PATH has a default`,
    type: 'object',
    additionalProperties: { type: 'string', maxLength: EXEC_RULES.maxItemLength },
    maxProperties: EXEC_RULES.maxEnvEntries,
    example: { GREETING: 'hello' },
  })
  @IsOptional()
  @IsEnvironment()
  env?: Record<string, string>;

  @ApiPropertyOptional({ description: 'Working directory inside the container (absolute); default /', example: '/tmp', maxLength: EXEC_RULES.maxItemLength })
  @IsOptional()
  @IsString({ message: 'cwd must be a string' })
  @MaxLength(EXEC_RULES.maxItemLength, { message: `cwd may be at most ${EXEC_RULES.maxItemLength} characters` })
  @Matches(/^\/[^\0]*$/, { message: 'cwd must be an absolute path such as /tmp' })
  cwd?: string;

  @ApiPropertyOptional({
    description: 'Seconds after which the command and everything it started are killed',
    minimum: EXEC_RULES.timeoutSeconds.min,
    maximum: EXEC_RULES.timeoutSeconds.max,
    default: EXEC_RULES.timeoutSeconds.default,
    example: 10,
  })
  @IsOptional()
  @IsInt({ message: 'timeoutSeconds must be a whole number of seconds' })
  @Min(EXEC_RULES.timeoutSeconds.min, { message: `timeoutSeconds must be at least ${EXEC_RULES.timeoutSeconds.min}` })
  @Max(EXEC_RULES.timeoutSeconds.max, { message: `timeoutSeconds must be at most ${EXEC_RULES.timeoutSeconds.max}` })
  timeoutSeconds?: number;

  @ApiPropertyOptional({ description: 'Text given to the command on its standard input (at most 1 MiB); without it stdin is empty', example: 'hello\n' })
  @IsOptional()
  @IsString({ message: 'stdin must be a string' })
  @HasUtf8LengthAtMost(EXEC_RULES.maxStdinBytes, { message: 'stdin may be at most 1 MiB (1048576 bytes in UTF-8)' })
  stdin?: string;
}

export const EXEC_EXAMPLES = {
  list: { summary: 'List the root directory', value: { command: ['ls', '-l', '/'] } },
  shell: { summary: 'A shell pipeline, in /tmp, with a variable', value: { command: ['sh', '-c', 'echo "$GREETING" | wc -c'], env: { GREETING: 'hello' }, cwd: '/tmp' } },
  stdin: { summary: 'Text on standard input', value: { command: ['wc', '-l'], stdin: 'one\ntwo\n', timeoutSeconds: 5 } },
} satisfies Record<string, { summary: string; value: ExecRequestDto }>;

export class ExecResultDto {
  @NumberField({ description: 'Exit status of the command; null when it was killed for its timeout', example: 0 }, { min: 0, max: 255, integer: true, nullable: true })
  exitCode!: number | null;

  @TextField({ description: 'Standard output (UTF-8), cut at the node\'s EXEC_OUTPUT_MAX_BYTES', example: 'bin\netc\n' }, { maxLength: EXEC_RULES.maxOutputBytes })
  stdout!: string;

  @TextField({ description: 'Standard error (UTF-8), cut at the node\'s EXEC_OUTPUT_MAX_BYTES', example: '' }, { maxLength: EXEC_RULES.maxOutputBytes })
  stderr!: string;

  @FlagField({ description: 'Whether stdout or stderr was cut' })
  truncated!: boolean;

  @FlagField({ description: 'Whether the command was killed because it ran past timeoutSeconds' })
  timedOut!: boolean;

  @CountField({ description: 'How long the command ran, milliseconds', example: 35 })
  durationMs!: number;
}
