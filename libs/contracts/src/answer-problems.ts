import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, type ValidationError } from 'class-validator';
import { ANSWER_RULE_PREFIX, ownAnswerFieldRules, shownValue, type AnswerFieldRule } from './answer-fields.js';

/** Most problems one check reports: enough to act on, short enough for a node's lastError. */
const MAX_PROBLEMS = 3;
/** Deeper than any compute answer nests. */
const MAX_DEPTH = 8;
/**
 * Keys that would turn a parsed answer into something else when copied onto
 * a DTO instance (its prototype or constructor), hiding it from its rules.
 */
const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype'];

export interface AnswerCheckOptions {
  /** A field the answer does not have is unknown, not wrong (fields an older node does not report). */
  missingIsUnknown?: boolean;
}

type Type = abstract new () => object;

/**
 * What is wrong with an answer of the compute API, by the rules of its DTO:
 * one line per problem, naming the field by its path (`legend[2].label`,
 * `mounting.rotation`), empty when the answer is valid. Fields the DTO does
 * not name are left alone: a newer node may add some, and the manager copies
 * only the fields it knows.
 *
 * A DTO whose rules are all answer fields (answer-fields.ts) is checked by
 * walking those rules: the manager checks every poll of every node, and
 * class-validator's generic path costs it a percent of a board's CPU. A DTO
 * with other class-validator rules is checked by class-validator.
 */
export function answerProblems(type: Type, answer: unknown, options: AnswerCheckOptions = {}): string[] {
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) {
    return [`the answer must be an object (got ${describeKind(answer)})`];
  }
  const problems = answerFieldsOnly(type) ? walk(type, answer, '', options, 0) : byClassValidator(type, answer, options);
  return problems.slice(0, MAX_PROBLEMS);
}

/** The problems of a list answer whose items are `type`s, at most `maxItems` of them. */
export function listAnswerProblems(type: Type, answer: unknown, maxItems: number, options: AnswerCheckOptions = {}): string[] {
  if (!Array.isArray(answer)) return [`the answer must be a list (got ${describeKind(answer)})`];
  if (answer.length > maxItems) return [`the answer must list at most ${maxItems} items (got ${answer.length})`];
  const problems: string[] = [];
  for (let index = 0; index < answer.length && problems.length < MAX_PROBLEMS; index++) {
    for (const problem of answerProblems(type, answer[index], options)) problems.push(`[${index}] ${problem}`);
  }
  return problems.slice(0, MAX_PROBLEMS);
}

const RULES = new Map<Type, readonly AnswerFieldRule[]>();
const FIELDS_ONLY = new Map<Type, boolean>();

/** Every field rule of a class, its parents' first. */
function rulesOf(type: Type): readonly AnswerFieldRule[] {
  let rules = RULES.get(type);
  if (!rules) {
    const chain: object[] = [];
    for (let current: object | null = type; current && current !== Function.prototype; current = Object.getPrototypeOf(current)) chain.unshift(current);
    rules = chain.flatMap((each) => ownAnswerFieldRules(each));
    RULES.set(type, rules);
  }
  return rules;
}

function answerFieldsOnly(type: Type): boolean {
  let only = FIELDS_ONLY.get(type);
  if (only === undefined) {
    const metadatas = getMetadataStorage().getTargetValidationMetadatas(type as new () => object, '', true, false);
    only = metadatas.every((metadata) => metadata.type === 'nestedValidation' || (metadata.name ?? '').startsWith(ANSWER_RULE_PREFIX));
    FIELDS_ONLY.set(type, only);
  }
  return only;
}

function walk(type: Type, answer: object, prefix: string, options: AnswerCheckOptions, depth: number): string[] {
  const problems: string[] = [];
  for (const rule of rulesOf(type)) {
    const value: unknown = Object.hasOwn(answer, rule.property) ? (answer as Record<string, unknown>)[rule.property] : undefined;
    if (value === undefined && options.missingIsUnknown) continue;
    const path = `${prefix}${rule.property}`;
    if (!rule.accepts(value)) {
      problems.push(`${path} must be ${rule.expected} (got ${shownValue(value)})`);
    } else if (rule.nested && value !== null && depth < MAX_DEPTH) {
      const nestedType = rule.nested.type();
      const items = rule.nested.list ? (value as object[]).map((item, index) => [item, `${path}[${index}].`] as const) : [[value as object, `${path}.`] as const];
      for (const [item, itemPrefix] of items) problems.push(...walk(nestedType, item, itemPrefix, options, depth + 1));
    }
    if (problems.length >= MAX_PROBLEMS) break;
  }
  return problems;
}

function byClassValidator(type: Type, answer: object, options: AnswerCheckOptions): string[] {
  const shapeProblem = unsafeShape(answer, '', 0);
  if (shapeProblem) return [shapeProblem];
  const errors = validateSync(plainToInstance(type as new () => object, answer), {
    forbidUnknownValues: false,
    skipMissingProperties: options.missingIsUnknown ?? false,
    validationError: { target: false },
  });
  return flatten(errors, '');
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

/** A key that would hide a parsed answer from class-validator once copied onto a DTO instance. */
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
