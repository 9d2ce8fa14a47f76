import { assertContainerName, assertTemplateName } from './container-name.guard.js';

describe('assertContainerName', () => {
  it.each(['a', 'web', 'Web-01', 'x9', `a${'b'.repeat(62)}`])('accepts %j', (name) => {
    expect(() => assertContainerName(name)).not.toThrow();
  });

  it.each(['', '1web', '-web', 'web-', 'we.b', 'we b', 'a/b', `a${'b'.repeat(63)}`, 'web\n'])(
    'refuses %j',
    (name) => {
      expect(() => assertContainerName(name)).toThrow(/not a hostname label/);
    },
  );
});

describe('assertTemplateName', () => {
  it.each(['busybox', 'download', '/usr/share/lxc/templates/lxc-busybox', 'my_tpl.v2'])('accepts %j', (template) => {
    expect(() => assertTemplateName(template)).not.toThrow();
  });

  it.each(['', '-P', '--bdev=dir', 'busy box', 'busybox;ls'])('refuses %j', (template) => {
    expect(() => assertTemplateName(template)).toThrow(/Refusing template/);
  });
});
