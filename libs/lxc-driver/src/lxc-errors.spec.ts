import { LxcCommandError, MAX_DETAIL_CHARACTERS, describeLxcFailure } from './lxc-errors.js';

describe('describeLxcFailure', () => {
  it('joins what failed and the tool output', () => {
    expect(describeLxcFailure(new LxcCommandError('lxc-start could not start "web" (exit 1)', 'bridge lxcbr1 is missing'))).toBe(
      'lxc-start could not start "web" (exit 1): bridge lxcbr1 is missing',
    );
    expect(describeLxcFailure(new LxcCommandError('lxc-copy could not rename "web" to "www" (exit 1)'))).toBe(
      'lxc-copy could not rename "web" to "www" (exit 1)',
    );
  });

  it('cuts a runaway error output and says how much was left out', () => {
    const output = 'x'.repeat(MAX_DETAIL_CHARACTERS + 1234);

    const described = describeLxcFailure(new LxcCommandError('lxc-create could not create "web" (exit 1)', output));

    expect(described).toBe(
      `lxc-create could not create "web" (exit 1): ${'x'.repeat(MAX_DETAIL_CHARACTERS)}… (1234 more characters)`,
    );
  });
});
