import type { ClassCodeStatus } from '@tinystack/manager-client';
import { duration, timeOfDay } from '../output/figures.js';
import { indentWrapped } from '../output/text.js';
import type { VerbCall } from './verb.js';
import { defineVerb } from './verb.js';

const TEACHER_ONLY = 'For a teacher (admin) only.';

function describeOpen(call: VerbCall, code: string, expiresAt: string): void {
  const left = Date.parse(expiresAt) - call.now();
  call.out.lines(['', `    ${code}`, '']);
  call.out.line(
    indentWrapped(
      `Class code open until ${timeOfDay(expiresAt)} (${duration(left)} from now). Learners enrol in the console at ` +
        `${call.connection().url} with it, choosing their own username and password. tinystack class-code close ends it.`,
      call.out.width,
      0,
    ),
  );
}

export const classCodeOpenVerb = defineVerb({
  name: 'class-code open',
  section: 'Class (teacher)',
  summary: 'Open a class code learners enrol with, for a while',
  description: [
    'While it is open, anyone with the code can make a learner (member) account in the console, choosing their ' +
      'own username and password. Opening again replaces the code. --minutes: how long (1 to 1440, default 60).',
    TEACHER_ONLY,
    'With --json: the answer of POST /api/class-code.',
  ],
  options: { minutes: { type: 'string', value: 'M', description: 'How long it stays open (default 60)' } },
  examples: ['tinystack class-code open --minutes 20'],
  async run(call) {
    const minutes = call.integer('minutes', { min: 1, max: 1440 });
    const opened = await call.manager().openClassCode(minutes, { timeoutMs: call.timeouts.changeMs });
    if (call.json) return call.out.json(opened);
    describeOpen(call, opened.code, opened.expiresAt);
  },
});

export const classCodeCloseVerb = defineVerb({
  name: 'class-code close',
  section: 'Class (teacher)',
  summary: 'Close the class code: nobody else enrols with it',
  description: ['Accounts made with it stay. ' + TEACHER_ONLY],
  async run(call) {
    await call.manager().closeClassCode({ timeoutMs: call.timeouts.changeMs });
    if (!call.json) call.out.line('The class code is closed.');
  },
});

export const classCodeShowVerb = defineVerb({
  name: 'class-code show',
  section: 'Class (teacher)',
  summary: 'The class code while it is open, and until when (also: tinystack class-code)',
  description: [TEACHER_ONLY, 'With --json: the answer of GET /api/class-code.'],
  async run(call) {
    const status: ClassCodeStatus = await call.manager().classCode({ timeoutMs: call.timeouts.readMs });
    if (call.json) return call.out.json(status);
    if (!status.open || status.code === null || status.expiresAt === null) {
      call.out.line('No class code is open. Open one: tinystack class-code open [--minutes M]');
      return;
    }
    describeOpen(call, status.code, status.expiresAt);
  },
});
