// Writes the shapes of the manager's answers, taken from its OpenAPI document,
// as a TypeScript module the client checks every answer against at run time
// (openapi-typescript gives the types, which are gone at run time). Only what a
// check needs is kept: types, properties, required, items, enums, nullability,
// references and compositions; descriptions and examples are dropped.
//   node libs/manager-client/generate-answers.mjs openapi/manager.json <output.ts>
import { readFileSync, writeFileSync } from 'node:fs';

const [documentFile, outputFile] = process.argv.slice(2);
if (!documentFile || !outputFile) {
  console.error('usage: node generate-answers.mjs <manager.json> <output.ts>');
  process.exit(2);
}
const document = JSON.parse(readFileSync(documentFile, 'utf8'));

const KEPT = ['type', 'nullable', 'enum', 'required', 'properties', 'items', 'minItems', 'maxItems', 'allOf', 'oneOf', 'discriminator', '$ref'];
const REFERENCE_PREFIX = '#/components/schemas/';

function strip(schema) {
  const kept = {};
  for (const key of KEPT) {
    if (!(key in schema)) continue;
    const value = schema[key];
    if (key === 'properties') {
      kept.properties = Object.fromEntries(Object.entries(value).map(([name, property]) => [name, strip(property)]));
    } else if (key === 'items') {
      kept.items = strip(value);
    } else if (key === 'allOf' || key === 'oneOf') {
      kept[key] = value.map(strip);
    } else if (key === '$ref') {
      kept.$ref = reference(value);
    } else if (key === 'discriminator') {
      kept.discriminator = {
        propertyName: value.propertyName,
        mapping: Object.fromEntries(Object.entries(value.mapping ?? {}).map(([tag, target]) => [tag, reference(target)])),
      };
    } else {
      kept[key] = value;
    }
  }
  return kept;
}

function reference(target) {
  if (!target.startsWith(REFERENCE_PREFIX)) throw new Error(`unsupported reference ${target}`);
  return target.slice(REFERENCE_PREFIX.length);
}

const answers = {};
for (const [path, operations] of Object.entries(document.paths)) {
  for (const [method, operation] of Object.entries(operations)) {
    const success = Object.entries(operation.responses ?? {}).filter(([status]) => status.startsWith('2'));
    // Several successes (201 new, 200 again) must answer the same body.
    const bodies = new Set(success.map(([, answer]) => JSON.stringify(answer.content ?? null)));
    if (success.length === 0 || bodies.size !== 1) throw new Error(`${method.toUpperCase()} ${path}: expected success responses with one body`);
    const [status, response] = success[0];
    const [mediaType, content] = Object.entries(response.content ?? {})[0] ?? [null, null];
    answers[`${method.toUpperCase()} ${path}`] = {
      status: Number(status),
      ...(success.length > 1 ? { otherStatuses: success.slice(1).map(([other]) => Number(other)) } : {}),
      mediaType,
      schema: content?.schema ? strip(content.schema) : null,
    };
  }
}
// Only the components an answer refers to, directly or through others (not the request bodies).
const components = {};
function collect(schema) {
  if (!schema || typeof schema !== 'object') return;
  for (const name of [schema.$ref, ...Object.values(schema.discriminator?.mapping ?? {})]) {
    if (name === undefined || name in components) continue;
    const source = document.components?.schemas?.[name];
    if (!source) throw new Error(`unknown schema ${name}`);
    components[name] = strip(source);
    collect(components[name]);
  }
  for (const value of Object.values(schema)) {
    if (Array.isArray(value)) value.forEach(collect);
    else if (typeof value === 'object') collect(value);
  }
}
Object.values(answers).forEach((answer) => collect(answer.schema));
const sortedComponents = Object.fromEntries(Object.keys(components).sort().map((name) => [name, components[name]]));

writeFileSync(
  outputFile,
  `// Generated from ${documentFile} by libs/manager-client/generate-answers.mjs (npm run generate); do not edit.\n` +
    `import type { AnswerSchema, OperationAnswer } from '../answer-schema.js';\n\n` +
    `export const OPERATION_ANSWERS: Record<string, OperationAnswer> = ${JSON.stringify(answers, null, 2)};\n\n` +
    `export const ANSWER_COMPONENTS: Record<string, AnswerSchema> = ${JSON.stringify(sortedComponents, null, 2)};\n`,
);
