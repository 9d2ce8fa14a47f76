import { OperationFailedError, UsageError } from '../cli.errors.js';
import { formatMe } from '../output/account-view.js';
import { configLocation } from '../config/cli-config.js';
import { defineVerb } from './verb.js';

export const whoamiVerb = defineVerb({
  name: 'whoami',
  section: 'Your account',
  summary: 'Who the manager takes you for: user, role, quota and what you use',
  description: [
    'Your username and role as the manager knows them from the token in effect (and where that token comes from), ' +
      'your quota and what you use of it now.',
    'With --json: the answer of GET /api/me.',
  ],
  async run(call) {
    const connection = call.connection();
    const me = await call.manager().me({ timeoutMs: call.timeouts.readMs });
    if (call.json) return call.out.json(me);
    const file = configLocation(call.env).file;
    call.out.line(formatMe(me, connection.tokenFrom === file ? 'the config file' : connection.tokenFrom, call.out.width));
  },
});

export const passwordVerb = defineVerb({
  name: 'password',
  section: 'Your account',
  summary: 'Choose a new password',
  description: [
    'Asks for your current password and the new one twice, without echo (8 to 128 characters, not your username); ' +
      '--password-stdin reads the current one and the new one from the first two lines of stdin. Your other ' +
      'sessions end; your tokens keep working. With MANAGER_TOKEN (the admin token), the built-in admin sets a ' +
      'password without giving one: then leave the first line empty.',
  ],
  options: {
    'password-stdin': { type: 'boolean', description: 'Read the current and the new password from stdin' },
  },
  examples: ['tinystack password', 'printf "%s\\n%s\\n" "$OLD" "$NEW" | tinystack password --password-stdin'],
  async run(call) {
    let current: string;
    let next: string;
    if (call.flag('password-stdin')) {
      const [first = '', second = ''] = (await call.stdin.readAll()).split(/\r?\n/);
      [current, next] = [first, second];
      if (next === '') throw new UsageError('stdin must hold the current password, then the new one, one a line', 'password');
    } else {
      if (!call.stdin.isTTY) throw new UsageError('no terminal to ask the passwords at: pipe them in with --password-stdin', 'password');
      current = await call.stdin.ask('Current password: ', { hidden: true });
      next = await call.stdin.ask('New password: ', { hidden: true });
      if ((await call.stdin.ask('New password again: ', { hidden: true })) !== next) {
        throw new OperationFailedError('the two new passwords differ; nothing was changed');
      }
    }
    const user = await call
      .manager()
      .changePassword({ ...(current === '' ? {} : { currentPassword: current }), newPassword: next }, { timeoutMs: call.timeouts.changeMs });
    if (call.json) return call.out.json(user);
    call.out.line(`The password of ${user.username} is changed.`);
  },
});
