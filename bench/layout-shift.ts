// Cumulative Layout Shift in Chromium, for the console bench and the browser
// tests: a script to run in the page before its own, and the score.

/**
 * Runs in the page before its scripts (as text: this file is type-checked
 * without the DOM's types): collects every layout shift into
 * window.layoutShifts, each with a short description of what moved.
 *
 * Shifts that Chromium marks as following input count too: the pages
 * measured get no input, yet headless Chromium now and then marks the shifts
 * of a whole load so (seen as 1 load in 8 on the same build), which would make
 * the figure depend on luck.
 */
export const WATCH_LAYOUT_SHIFTS = `
  (() => {
    window.layoutShifts = [];
    const describe = (node) => {
      if (!node || node.nodeType !== 1) return node ? 'text in ' + describe(node.parentElement) : '?';
      const classes = [...node.classList].map((name) => '.' + name).join('');
      return node.tagName.toLowerCase() + (node.id ? '#' + node.id : '') + classes;
    };
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const box = (rect) => Math.round(rect.x) + ',' + Math.round(rect.y) + ' ' + Math.round(rect.width) + 'x' + Math.round(rect.height);
        window.layoutShifts.push({
          value: entry.value,
          at: entry.startTime,
          moved: entry.sources.map((source) => describe(source.node) + ' (' + box(source.previousRect) + ' to ' + box(source.currentRect) + ')'),
        });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  })();
`;

/** One entry of window.layoutShifts. */
export interface LayoutShift {
  value: number;
  /** Milliseconds since navigation start. */
  at: number;
  moved: string[];
}

/** CLS as web-vitals counts it (but see WATCH_LAYOUT_SHIFTS): the largest sum of shifts less than 1 s apart within a 5 s window. */
export function cumulativeLayoutShift(shifts: readonly LayoutShift[]): number {
  let largest = 0;
  let windowSum = 0;
  let windowStart = -Infinity;
  let previous = -Infinity;
  for (const shift of shifts) {
    if (shift.at - previous > 1000 || shift.at - windowStart > 5000) {
      windowSum = 0;
      windowStart = shift.at;
    }
    windowSum += shift.value;
    previous = shift.at;
    largest = Math.max(largest, windowSum);
  }
  return largest;
}

/** The shifts, largest first, as lines a person can read. */
export function describeLayoutShifts(shifts: readonly LayoutShift[]): string[] {
  return [...shifts]
    .sort((a, b) => b.value - a.value)
    .map((shift) => `${shift.value.toFixed(3)} at ${shift.at.toFixed(0)} ms: ${shift.moved.join(', ')}`);
}

/** A phone-sized browser context (Playwright's newContext options). */
export const PHONE_CONTEXT = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
