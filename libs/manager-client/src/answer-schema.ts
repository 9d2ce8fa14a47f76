/**
 * The part of an OpenAPI schema that says what an answer must look like
 * (generated from openapi/manager.json into generated/manager-answers.ts).
 * `$ref` and discriminator targets are component names.
 */
export interface AnswerSchema {
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';
  nullable?: boolean;
  enum?: readonly unknown[];
  required?: readonly string[];
  properties?: Readonly<Record<string, AnswerSchema>>;
  items?: AnswerSchema;
  minItems?: number;
  maxItems?: number;
  allOf?: readonly AnswerSchema[];
  oneOf?: readonly AnswerSchema[];
  discriminator?: { propertyName: string; mapping: Readonly<Record<string, string>> };
  $ref?: string;
}

/** The success answer of one operation: its status, media type and body schema (null: no body). */
export interface OperationAnswer {
  status: number;
  /** Other success statuses with the same body (a join: 201 new, 200 again). */
  otherStatuses?: number[];
  mediaType: string | null;
  schema: AnswerSchema | null;
}

const MAX_PROBLEMS = 5;

/**
 * What is wrong with `value` against `schema`, as paths a person can read
 * (`[0].usage.cpuPercent is missing`); empty when it fits. Properties the
 * schema does not name are allowed: a newer manager may send more.
 */
export function answerProblems(
  value: unknown,
  schema: AnswerSchema,
  components: Readonly<Record<string, AnswerSchema>>,
): string[] {
  const problems: string[] = [];
  check(value, schema, '', { components, problems });
  return problems.slice(0, MAX_PROBLEMS);
}

interface Check {
  components: Readonly<Record<string, AnswerSchema>>;
  problems: string[];
}

function check(value: unknown, schema: AnswerSchema, at: string, context: Check): void {
  if (context.problems.length >= MAX_PROBLEMS) return;
  const where = at || 'the answer';
  if (schema.$ref !== undefined) {
    const target = context.components[schema.$ref];
    if (!target) throw new Error(`the answer schema refers to an unknown component ${schema.$ref}`);
    // A reference beside `nullable` (as in allOf wrappers) is checked only when there is a value.
    if (!(value === null && schema.nullable)) check(value, target, at, context);
    return;
  }
  if (value === null) {
    if (!schema.nullable && (schema.type !== undefined || schema.allOf || schema.oneOf || schema.enum)) {
      context.problems.push(`${where} is null`);
    }
    return;
  }
  for (const part of schema.allOf ?? []) check(value, part, at, context);
  if (schema.oneOf) checkOneOf(value, schema, at, context);
  if (schema.enum && !schema.enum.includes(value)) {
    context.problems.push(`${where} is ${JSON.stringify(value)}, not one of ${schema.enum.map((item) => JSON.stringify(item)).join(', ')}`);
    return;
  }
  if (schema.type !== undefined && !hasType(value, schema.type)) {
    context.problems.push(`${where} is ${describeType(value)}, not ${withArticle(schema.type)}`);
    return;
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      context.problems.push(`${where} has ${value.length} items, fewer than ${schema.minItems}`);
    }
    if (schema.maxItems !== undefined && value.length > schema.maxItems) {
      context.problems.push(`${where} has ${value.length} items, more than ${schema.maxItems}`);
    }
    if (schema.items) value.forEach((item, index) => check(item, schema.items!, `${at}[${index}]`, context));
    return;
  }
  if (typeof value === 'object' && (schema.properties || schema.required)) {
    const record = value as Record<string, unknown>;
    for (const name of schema.required ?? []) {
      if (!(name in record)) context.problems.push(`${at ? `${at}.` : ''}${name} is missing`);
    }
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      if (record[name] !== undefined) check(record[name], property, at ? `${at}.${name}` : name, context);
    }
  }
}

function checkOneOf(value: unknown, schema: AnswerSchema, at: string, context: Check): void {
  const where = at || 'the answer';
  const discriminator = schema.discriminator;
  if (discriminator) {
    const tag = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[discriminator.propertyName] : undefined;
    const target = typeof tag === 'string' ? discriminator.mapping[tag] : undefined;
    if (target === undefined) {
      context.problems.push(`${where} has ${discriminator.propertyName} ${JSON.stringify(tag)}, not one of ${Object.keys(discriminator.mapping).join(', ')}`);
      return;
    }
    check(value, { $ref: target }, at, context);
    return;
  }
  const fits = schema.oneOf!.some((candidate) => answerProblems(value, candidate, context.components).length === 0);
  if (!fits) context.problems.push(`${where} fits none of the documented shapes`);
}

function hasType(value: unknown, type: NonNullable<AnswerSchema['type']>): boolean {
  switch (type) {
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return typeof value === type;
  }
}

function describeType(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'object' ? 'an object' : `${withArticle(type)} (${JSON.stringify(value)})`;
}

function withArticle(noun: string): string {
  return `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;
}
