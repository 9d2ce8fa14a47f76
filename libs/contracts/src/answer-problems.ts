import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

/** Most problems one check reports: enough to act on, short enough for a node's lastError. */
const MAX_PROBLEMS = 3;
/** Deeper than any compute answer nests. */
const MAX_DEPTH = 8;
/**
 * Keys that would turn a parsed answer into something else when copied onto
 * a DTO instance (its prototype or constructor), hiding it from its rules.
 */
const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype'];

/**
 * What is wrong with an answer of the compute API, by the rules of its DTO:
 * one line per problem, naming the field by its path (`legend[2].label`,
 * `mounting.rotation`), empty when the answer is valid. Fields the DTO does
 * not name are left alone: a newer node may add some, and the manager copies
 * only the fields it knows.
 */
export function answerProblems<T extends object>(
  type: new () => T,
  answer: unknown,
  options: { missingIsUnknown?: boolean } = {},
): string[] {
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) {
    return [`the answer must be an object (got ${describeKind(answer)})`];
  }
  const shapeProblem = unsafeShape(answer, '', 0);
  if (shapeProblem) return [shapeProblem];
  const errors = validateSync(plainToInstance(type, answer), {
    forbidUnknownValues: false,
    skipMissingProperties: options.missingIsUnknown ?? false,
    validationError: { target: false },
  });
  return flatten(errors, '').slice(0, MAX_PROBLEMS);
}

/** The problems of a list answer whose items are `type`s, at most `maxItems` of them. */
export function listAnswerProblems<T extends object>(type: new () => T, answer: unknown, maxItems: number): string[] {
  if (!Array.isArray(answer)) return [`the answer must be a list (got ${describeKind(answer)})`];
  if (answer.length > maxItems) return [`the answer must list at most ${maxItems} items (got ${answer.length})`];
  const problems: string[] = [];
  for (let index = 0; index < answer.length && problems.length < MAX_PROBLEMS; index++) {
    for (const problem of answerProblems(type, answer[index])) problems.push(`[${index}] ${problem}`);
  }
  return problems.slice(0, MAX_PROBLEMS);
}

function flatten(errors: ValidationError[], prefix: string): string[] {
  const lines: string[] = [];
  for (const error of errors) {
    const path = /^\d+$/.test(error.property) ? `${prefix}[${error.property}]` : prefix ? `${prefix}.${error.property}` : error.property;
    const constraints = Object.entries(error.constraints ?? {})
      // ValidateNested's own complaint repeats what the field's object rule says better.
      .filter(([name]) => name !== 'nestedValidation' || Object.keys(error.constraints ?? {}).length === 1)
      .map(([, message]) => (message.startsWith(`${error.property} `) ? `${path}${message.slice(error.property.length)}` : `${path}: ${message}`));
    lines.push(...constraints);
    if (error.children?.length) lines.push(...flatten(error.children, path));
  }
  return lines;
}

function unsafeShape(value: unknown, path: string, depth: number): string | null {
  if (typeof value !== 'object' || value === null) return null;
  if (depth > MAX_DEPTH) return `${path || 'the answer'} is nested deeper than ${MAX_DEPTH} levels`;
  for (const key of Object.keys(value)) {
    const where = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    if (FORBIDDEN_KEYS.includes(key)) return `${where} is not a field of the compute API (a key no answer may have)`;
    const problem = unsafeShape((value as Record<string, unknown>)[key], where, depth + 1);
    if (problem) return problem;
  }
  return null;
}

function describeKind(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return value.length > 40 ? 'a string' : JSON.stringify(value);
  return typeof value === 'object' ? 'an object' : String(value);
}
