import { answerProblems, type AnswerSchema } from './answer-schema.js';
import { ANSWER_COMPONENTS, OPERATION_ANSWERS } from './generated/manager-answers.js';
import { aLedStatus, aLogEntry, aNode, anInstance } from './test-support/index.js';

const schemaOf = (operation: string): AnswerSchema => OPERATION_ANSWERS[operation]!.schema!;
const problems = (operation: string, value: unknown) => answerProblems(value, schemaOf(operation), ANSWER_COMPONENTS);

describe('answerProblems (against the shapes of openapi/manager.json)', () => {
  it('finds nothing wrong with documented answers, nullable fields null included', () => {
    expect(problems('GET /api/nodes', [aNode(), aNode({ usage: null, lastSeenAt: null, pollLatencyMs: null, instanceCount: null })])).toEqual([]);
    expect(problems('GET /api/instances', [anInstance()])).toEqual([]);
    expect(problems('GET /api/nodes/{id}/led', aLedStatus())).toEqual([]);
    expect(problems('GET /api/events/log', { events: [aLogEntry({ nodeId: null, nodeName: null, instance: null })], nextBefore: null })).toEqual([]);
  });

  it('names missing fields, wrong types, unknown enum values and nulls where none are allowed', () => {
    const { name: _name, ...nameless } = aNode();
    expect(problems('GET /api/nodes/{id}', nameless)).toEqual(['name is missing']);
    expect(problems('GET /api/nodes/{id}', aNode({ consecutiveFailures: '2' as unknown as number }))).toEqual([
      'consecutiveFailures is a string ("2"), not a number',
    ]);
    expect(problems('GET /api/nodes/{id}', aNode({ url: null as unknown as string }))).toEqual(['url is null']);
    expect(problems('GET /api/instances', [anInstance({ state: 'DREAMING' as 'RUNNING' })])).toEqual([
      '[0].state is "DREAMING", not one of "STOPPED", "STARTING", "RUNNING", "STOPPING", "ABORTING", "FREEZING", "FROZEN", "THAWED"',
    ]);
    expect(problems('GET /api/nodes', { nodes: [] })).toEqual(['the answer is an object, not an array']);
  });

  it('checks nested objects and array bounds', () => {
    expect(problems('GET /api/nodes/{id}', aNode({ usage: { cpuPercent: 1 } as never }))[0]).toBe('usage.memoryPercent is missing');
    expect(problems('GET /api/nodes/{id}/led', aLedStatus({ rows: [1, 2, 3] }))).toEqual(['rows has 3 items, fewer than 8']);
  });

  it('follows the discriminator of the event stream', () => {
    expect(problems('GET /api/events', { type: 'action', at: '2026-01-05T10:00:00.000Z', entry: aLogEntry() })).toEqual([]);
    expect(problems('GET /api/events', { type: 'action', at: '2026-01-05T10:00:00.000Z', entry: {} })[0]).toBe('entry.id is missing');
    expect(problems('GET /api/events', { type: 'party' })[0]).toMatch(/^the answer has type "party", not one of node-state, /);
  });
});
