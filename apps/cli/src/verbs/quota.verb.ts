import { formatQuotaDefaults } from '../output/account-view.js';
import { defineVerb } from './verb.js';
import { quotaChange } from './users.verb.js';

export const quotaVerb = defineVerb({
  name: 'quota',
  section: 'Class (teacher)',
  summary: 'Show or set the quota every learner has by default',
  description: [
    'Without options: the defaults. With options: sets them ("unlimited" for no limit). A learner with limits ' +
      'of their own (tinystack user quota) keeps those. Memory is kept for when instances get memory limits: it ' +
      'is not enforced yet.',
    'For a teacher (admin) only. With --json: the answer of GET or PUT /api/quota-defaults.',
  ],
  options: {
    instances: { type: 'string', value: 'N', description: 'Instances a learner may have (or unlimited)' },
    running: { type: 'string', value: 'N', description: 'Instances a learner may run at once (or unlimited)' },
    memory: { type: 'string', value: 'MiB', description: 'MiB of instance memory (or unlimited; not enforced yet)' },
  },
  examples: ['tinystack quota', 'tinystack quota --instances 5 --running 3'],
  async run(call) {
    const change = quotaChange(call, 'unlimited');
    const manager = call.manager();
    const defaults =
      Object.keys(change).length > 0
        ? await manager.setQuotaDefaults(change, { timeoutMs: call.timeouts.changeMs })
        : await manager.quotaDefaults({ timeoutMs: call.timeouts.readMs });
    if (call.json) return call.out.json(defaults);
    call.out.line(formatQuotaDefaults(defaults, call.out.width));
  },
});
