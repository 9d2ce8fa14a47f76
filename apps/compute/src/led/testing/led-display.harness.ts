import { DEFAULT_LED_SCALES, UPRIGHT_BACKPACK } from '@tinystack/led-matrix';
import type { ResourceSample, ResourceSampler } from '@tinystack/resource-sampler';
import { EmulatedHt16k33 } from '../../../../../libs/led-matrix/src/test-support/index.js';
import { Subject } from 'rxjs';
import type { InstanceInventory } from '../../instances/instance-inventory.service.js';
import type { TerminalSessions } from '../../terminal/terminal-sessions.service.js';
import { LedChipConnection } from '../led-chip.connection.js';
import { LedDisplayService } from '../led-display.service.js';
import type { LedOptions } from '../led.options.js';
import { ManagerPolls } from '../manager-polls.service.js';
import { CoalescingTicker } from '../../timing/coalescing.ticker.js';
import { NodeCondition } from '../../condition/node-condition.service.js';
import { ManualLedClock } from './manual.led-clock.js';
import { strictFake } from './strict-fake.js';

export const TEST_LED_OPTIONS: Readonly<LedOptions> = Object.freeze({
  enabled: true,
  busNumber: 1,
  address: 0x70,
  brightness: 8,
  mounting: { ...UPRIGHT_BACKPACK },
  scales: { ...DEFAULT_LED_SCALES },
  intervalMs: 500,
  retryMs: 30_000,
  managerTimeoutMs: 10_000,
  sampleFreshMs: 3_000,
});

/** What the fakes of the sampler and the inventory report; tests change it between redraws. */
export interface FakeBoard {
  sample: ResourceSample | null;
  runningContainers: number;
}

export function sampleWith(figures: Partial<ResourceSample>): ResourceSample {
  return {
    takenAt: new Date('2025-11-25T12:00:00.000Z'),
    cpuPercent: 0,
    memoryPercent: 0,
    memoryUsedBytes: 0,
    memoryTotalBytes: 1_000_000_000,
    networkRxBytesPerSecond: 0,
    networkTxBytesPerSecond: 0,
    iops: 0,
    temperatureCelsius: null,
    ...figures,
  };
}

/** The display wired to an emulated chip, a manual clock and strict fakes that offer only latest() and runningCount(). */
export function createLedDisplay(overrides: Partial<LedOptions> = {}) {
  const options: LedOptions = { ...TEST_LED_OPTIONS, ...overrides };
  const chip = new EmulatedHt16k33({ address: 0x70, busNumber: 1 });
  const clock = new ManualLedClock();
  const board: FakeBoard = { sample: null, runningContainers: 0 };
  const sampler = strictFake<ResourceSampler>('ResourceSampler', { latest: () => board.sample });
  const inventory = strictFake<InstanceInventory>('InstanceInventory', {
    runningCount: () => board.runningContainers,
  });
  const managerPolls = new ManagerPolls(clock);
  const connection = new LedChipConnection(options, chip, clock);
  const condition = new NodeCondition();
  /** Each instance name sent is a terminal session opening. */
  const terminalOpenings = new Subject<string>();
  const terminals = strictFake<TerminalSessions>('TerminalSessions', { opened$: terminalOpenings.asObservable() });
  const display = new LedDisplayService(options, sampler, inventory, managerPolls, clock, connection, new CoalescingTicker(), condition, terminals);
  return { display, connection, chip, clock, board, managerPolls, options, condition, terminalOpenings };
}
