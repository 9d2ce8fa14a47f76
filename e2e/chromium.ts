import { accessSync, constants } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { describeWithLxc } from '@tinystack/lxc-driver/test-support';

/** Debian's Chromium: Playwright's own browser download does not work on these machines. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Without the background-networking flags Chromium keeps calling Google's
 * hosts, which this closed network refuses. Playwright adds --headless and
 * --no-sandbox (we run as root) and a fresh profile directory itself.
 */
export const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumMissingReason(): string | null {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
    return null;
  } catch {
    return `${CHROMIUM_PATH} is not installed (apt-get install chromium)`;
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, chromiumSandbox: false, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/**
 * `describe` for suites that drive the console in Chromium against real
 * compute nodes (real LXC). Without Chromium the suite is skipped with a
 * warning, or fails with the reason when TINYSTACK_REQUIRE_BROWSER=1 (CI);
 * LXC is required the same way through describeWithLxc.
 */
export function describeInChromiumWithLxc(name: string, suite: () => void): void {
  const missing = chromiumMissingReason();
  if (!missing) {
    describeWithLxc(name, suite);
    return;
  }
  if (process.env['TINYSTACK_REQUIRE_BROWSER'] === '1') {
    describe(name, () => {
      it('needs Chromium (TINYSTACK_REQUIRE_BROWSER=1)', () => {
        throw new Error(`Browser tests cannot run here: ${missing}`);
      });
    });
    return;
  }
  console.warn(`Skipping "${name}": ${missing} (set TINYSTACK_REQUIRE_BROWSER=1 to fail instead)`);
  describe.skip(name, suite);
}
