import { failed, passed, readableDate, type ReadinessCheck } from '../readiness-check.js';

/** systemd-timesyncd makes this file once the clock is synchronised. */
export const TIMESYNCD_SYNCHRONIZED = '/run/systemd/timesync/synchronized';
export const CHRONYD_PID = '/run/chrony/chronyd.pid';

/**
 * The time is synchronised, or at least not earlier than this TinyStack's
 * build: boards without a real-time clock boot in the past until they sync.
 */
export const CLOCK_CHECK: ReadinessCheck = {
  name: 'clock',
  run(context) {
    if (context.files.exists(TIMESYNCD_SYNCHRONIZED)) return passed('the clock is synchronised (systemd-timesyncd)');
    const now = context.host.now();
    const built = context.host.buildTime();
    if (now.getTime() < built.getTime()) {
      return failed(
        `the clock says ${readableDate(now)}, earlier than this TinyStack was built (${readableDate(built)}): a board without a real-time clock starts in the past until it synchronises, and usage history, logs and certificates go wrong`,
        'switch time synchronisation on: sudo timedatectl set-ntp true, with a time server the board can reach (on a LAN without internet, set NTP= in /etc/systemd/timesyncd.conf to a machine that has the right time, such as the manager)',
      );
    }
    if (context.files.exists(CHRONYD_PID)) return passed(`chronyd keeps the time (its synchronisation is not checked); the clock says ${readableDate(now)}`);
    return passed(`no time synchronisation found (systemd-timesyncd, chrony), but the clock (${readableDate(now)}) is not earlier than this TinyStack was built`);
  },
};
