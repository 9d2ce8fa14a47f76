import { applyDecorators } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { isIP, isISO8601, ValidateBy, type ValidationArguments } from 'class-validator';

/*
 * Fields of the answers a compute node gives. Each decorator documents the
 * field and carries its validation rule, so that the manager checks a node's
 * answer with the very rule the document shows. Messages name the field, the
 * rule and what came: `cpuPercent must be a number from 0 to 100 (got "99")`.
 */

/** Longest text of an answered value a message repeats. */
const SHOWN_LENGTH = 60;

type Documentation = Pick<ApiPropertyOptions, 'description' | 'example'>;

interface Rule {
  name: string;
  /** What a valid value is, after "must be". */
  expected: string;
  test: (value: unknown) => boolean;
}

/** One field's rule, as answerProblems applies it. */
export interface AnswerFieldRule {
  property: string;
  /** After "must be", nullability included. */
  expected: string;
  accepts: (value: unknown) => boolean;
  /** A nested object (or list of them) whose own fields have rules. */
  nested?: { type: () => abstract new () => object; list: boolean };
}

/** Names of the class-validator constraints these decorators register: all start with this. */
export const ANSWER_RULE_PREFIX = 'answer:';

const FIELD_RULES = new Map<object, AnswerFieldRule[]>();

/** The rules of a class's own fields (not its parent's), as declared. */
export function ownAnswerFieldRules(type: object): readonly AnswerFieldRule[] {
  return FIELD_RULES.get(type) ?? [];
}

/** A value as a message shows it: JSON, cut short. */
export function shownValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > SHOWN_LENGTH ? `${text.slice(0, SHOWN_LENGTH)}…` : text;
}

/**
 * The rule as a class-validator constraint (for anyone validating with it)
 * and in the registry answerProblems walks: the same test and words.
 */
function answerRule(rule: Rule, nullable: boolean, nested?: AnswerFieldRule['nested']): PropertyDecorator {
  const expected = nullable ? `${rule.expected}, or null` : rule.expected;
  const accepts = (value: unknown) => (nullable && value === null) || rule.test(value);
  const validator = ValidateBy({
    name: `${ANSWER_RULE_PREFIX}${rule.name}`,
    validator: {
      validate: accepts,
      defaultMessage: (args?: ValidationArguments) => `${args?.property ?? 'value'} must be ${expected} (got ${shownValue(args?.value)})`,
    },
  });
  return (target, property) => {
    validator(target, property);
    const rules = FIELD_RULES.get(target.constructor) ?? [];
    rules.push({ property: String(property), expected, accepts, ...(nested ? { nested } : {}) });
    FIELD_RULES.set(target.constructor, rules);
  };
}

function field(rule: Rule, api: ApiPropertyOptions, nullable = false, nested?: AnswerFieldRule['nested']): PropertyDecorator {
  return applyDecorators(ApiProperty({ ...api, ...(nullable ? { nullable: true } : {}) } as ApiPropertyOptions), answerRule(rule, nullable, nested));
}

const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function range(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`;
  if (min !== undefined) return min === 0 ? ', 0 or more' : `, at least ${min}`;
  return max !== undefined ? `, at most ${max}` : '';
}

export interface NumberFieldOptions {
  min?: number;
  max?: number;
  integer?: boolean;
  nullable?: boolean;
}

/** A finite number (or whole number) within a range. */
export function NumberField(doc: Documentation, options: NumberFieldOptions): PropertyDecorator {
  const { min, max, integer = false, nullable = false } = options;
  const words = `${integer ? 'a whole number' : 'a number'}${range(min, max)}`;
  return field(
    {
      name: integer ? 'isWholeNumberInRange' : 'isNumberInRange',
      expected: words,
      test: (value) =>
        isFiniteNumber(value) &&
        (!integer || Number.isInteger(value)) &&
        (min === undefined || value >= min) &&
        (max === undefined || value <= max),
    },
    { ...doc, type: integer ? 'integer' : 'number', minimum: min, maximum: max },
    nullable,
  );
}

/** A share from 0 to 100. */
export function PercentField(doc: Documentation): PropertyDecorator {
  return NumberField(doc, { min: 0, max: 100 });
}

/** A count or a number of bytes: a whole number, 0 or more. */
export function CountField(doc: Documentation, options: { nullable?: boolean } = {}): PropertyDecorator {
  return NumberField(doc, { min: 0, integer: true, nullable: options.nullable });
}

/** A rate (per second): a number, 0 or more. */
export function RateField(doc: Documentation): PropertyDecorator {
  return NumberField(doc, { min: 0 });
}

export interface TextFieldOptions {
  maxLength: number;
  minLength?: number;
  pattern?: RegExp;
  /** Words for the pattern, after "must be": "a hostname label". */
  patternWords?: string;
  nullable?: boolean;
}

/** A string of bounded length, optionally of a pattern. */
export function TextField(doc: Documentation, options: TextFieldOptions): PropertyDecorator {
  const { maxLength, minLength = 0, pattern, patternWords, nullable = false } = options;
  const length = minLength > 0 ? `of ${minLength} to ${maxLength} characters` : `of at most ${maxLength} characters`;
  return field(
    {
      name: 'isBoundedText',
      expected: patternWords ?? `a string ${length}`,
      test: (value) =>
        typeof value === 'string' &&
        value.length >= minLength &&
        value.length <= maxLength &&
        (pattern === undefined || pattern.test(value)),
    },
    { ...doc, type: String, maxLength, ...(minLength > 0 ? { minLength } : {}), ...(pattern ? { pattern: pattern.source } : {}) },
    nullable,
  );
}

/** An ISO 8601 date-time. */
export function TimestampField(doc: Documentation, options: { nullable?: boolean } = {}): PropertyDecorator {
  return field(
    {
      name: 'isTimestamp',
      expected: 'an ISO 8601 date-time',
      test: (value) => typeof value === 'string' && value.length <= 40 && isISO8601(value, { strict: true }),
    },
    { ...doc, type: String, format: 'date-time' },
    options.nullable,
  );
}

export function FlagField(doc: Documentation): PropertyDecorator {
  return field({ name: 'isFlag', expected: 'true or false', test: (value) => typeof value === 'boolean' }, { ...doc, type: Boolean });
}

/** One of a fixed list of values (an enum); `api` carries the enum's documentation. */
export function OneOfField(values: readonly unknown[], api: ApiPropertyOptions): PropertyDecorator {
  return field(
    { name: 'isOneOf', expected: `one of: ${values.map(String).join(', ')}`, test: (value) => values.includes(value) },
    api,
  );
}

/** A list of IPv4 addresses, at most `maxItems` of them. */
export function Ipv4ListField(doc: Documentation, maxItems: number): PropertyDecorator {
  return field(
    {
      name: 'isIpv4List',
      expected: `a list of at most ${maxItems} IPv4 addresses`,
      test: (value) => Array.isArray(value) && value.length <= maxItems && value.every((item) => isIP(item, 4)),
    },
    { ...doc, type: [String], maxItems },
  );
}

/** A list of whole numbers within a range, of a fixed or bounded length. */
export function WholeNumberListField(
  doc: Documentation,
  options: { min: number; max: number; minItems: number; maxItems: number },
): PropertyDecorator {
  const { min, max, minItems, maxItems } = options;
  const count = minItems === maxItems ? `${minItems}` : `${minItems} to ${maxItems}`;
  return field(
    {
      name: 'isWholeNumberList',
      expected: `a list of ${count} whole numbers from ${min} to ${max}`,
      test: (value) =>
        Array.isArray(value) &&
        value.length >= minItems &&
        value.length <= maxItems &&
        value.every((item) => Number.isInteger(item) && item >= min && item <= max),
    },
    { ...doc, type: 'integer', isArray: true, minimum: min, maximum: max, minItems, maxItems },
  );
}

/**
 * A nested object of `type`, or a list of them (`maxItems`): checked as an
 * object here, its fields by their own rules. For class-validator, put
 * @ValidateNested and @Type beside it.
 */
export function ObjectField(type: () => abstract new () => object, api: ApiPropertyOptions, options: { maxItems?: number } = {}): PropertyDecorator {
  const { maxItems } = options;
  const isObject = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);
  return field(
    maxItems === undefined
      ? { name: 'isObject', expected: 'an object', test: isObject }
      : {
          name: 'isObjectList',
          expected: `a list of at most ${maxItems} objects`,
          test: (value) => Array.isArray(value) && value.length <= maxItems && value.every(isObject),
        },
    { ...api, ...(maxItems === undefined ? {} : { maxItems }) } as ApiPropertyOptions,
    false,
    { type, list: maxItems !== undefined },
  );
}
