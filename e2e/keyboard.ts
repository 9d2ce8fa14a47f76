import type { Locator, Page } from 'playwright-core';

/** The focused element, described by tag, id, test id, the row it is in and its text, or "body" when focus fell to the page. */
export function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const active = document.activeElement;
    if (!active || active === document.body) return 'body';
    const testId = active.getAttribute('data-testid');
    const row = active.closest('tr[data-instance]')?.getAttribute('data-instance');
    const label = (active.getAttribute('aria-label') ?? active.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
    return [
      active.tagName.toLowerCase(),
      active.id ? `#${active.id}` : '',
      testId ? `[${testId}]` : '',
      row ? ` in ${row}` : '',
      label ? ` "${label}"` : '',
    ].join('');
  });
}

export function hasFocus(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => element === document.activeElement);
}

/**
 * Presses Tab (or Shift+Tab) until `target` has focus, at most `limit` times,
 * failing if focus falls to the page on the way or never reaches the target.
 */
export async function tabTo(page: Page, target: Locator, { limit = 15, backwards = false } = {}): Promise<void> {
  for (let presses = 0; presses < limit; presses++) {
    if (await hasFocus(target)) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    const now = await focused(page);
    if (now === 'body') throw new Error(`Tab ${presses + 1} left focus on <body> on the way to ${target}`);
  }
  if (!(await hasFocus(target))) throw new Error(`${limit} Tabs did not reach ${target}; focus is on ${await focused(page)}`);
}

interface FocusWatch {
  focusLosses: string[];
}

/**
 * From now on, records in the page each time focus falls to <body>, and what
 * had it before: checked after every change to the page and every focus move.
 */
export function watchFocusLosses(page: Page): Promise<void> {
  return page.evaluate(() => {
    const losses: string[] = [];
    (window as unknown as FocusWatch).focusLosses = losses;
    let last = 'nothing';
    const check = () => {
      const active = document.activeElement;
      if (!active || active === document.body) {
        if (last !== 'body') losses.push(`focus fell to <body> from ${last}`);
        last = 'body';
      } else {
        const testId = active.getAttribute('data-testid');
        last = `${active.tagName.toLowerCase()}${active.id ? `#${active.id}` : ''}${testId ? `[${testId}]` : ''}`;
      }
    };
    check();
    new MutationObserver(check).observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
    document.addEventListener('focusout', () => setTimeout(check), true);
    document.addEventListener('focusin', check, true);
  });
}

/** What watchFocusLosses recorded so far. */
export function focusLosses(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as FocusWatch).focusLosses);
}
