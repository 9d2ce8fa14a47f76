import { TestBed } from '@angular/core/testing';
import type { ManagerNode } from '../../api/manager-api.types';
import { aNode } from '../../../testing/manager-fixtures';
import { settle } from '../../../testing/settle';
import { ReadinessChecks } from './readiness-checks';

describe('ReadinessChecks', () => {
  async function render(node: ManagerNode): Promise<HTMLElement> {
    const fixture = TestBed.createComponent(ReadinessChecks);
    fixture.componentRef.setInput('node', node);
    await settle(fixture);
    return fixture.nativeElement as HTMLElement;
  }

  it('shows each failed check in words with its fix, and none of those that passed', async () => {
    const element = await render(
      aNode({
        ready: false,
        checks: [
          { name: 'lxc', ok: true, detail: 'LXC 5.0.2 works', fix: null },
          {
            name: 'memory-cgroup',
            ok: false,
            detail: 'the kernel has the memory controller switched off: memory limits of containers cannot be enforced',
            fix: 'add cgroup_enable=memory to the end of the one line in /boot/firmware/cmdline.txt, then reboot',
          },
        ],
      }),
    );
    const failed = [...element.querySelectorAll('[data-testid="failed-check"]')];
    expect(failed.map((item) => item.getAttribute('data-check'))).toEqual(['memory-cgroup']);
    expect(failed[0]!.textContent).toContain('Memory limits');
    expect(failed[0]!.textContent).toContain('To fix: add cgroup_enable=memory');
    expect(element.textContent).toContain('Not ready: one check fails');
    expect(element.textContent).not.toContain('LXC 5.0.2 works');
  });

  it('says the board is ready when every check passed, and says so when a node reports none', async () => {
    expect((await render(aNode({ ready: true, checks: [{ name: 'lxc', ok: true, detail: 'ok', fix: null }] }))).querySelector('[data-testid="readiness-ok"]')).not.toBeNull();
    expect((await render(aNode({ ready: null, checks: null }))).textContent).toContain('does not report readiness checks');
  });
});
