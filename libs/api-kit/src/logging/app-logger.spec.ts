import { Controller, Get, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppLogger } from './app-logger.js';
import type { LogFormat, LogLevelSetting } from './log-settings.js';
import { memoryOutput, recordLogs } from './test-support/recorded-logs.js';

const ANSI_ESCAPE = /\x1b\[/;
const TEXT_LINE = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d (INFO |WARN |ERROR|DEBUG) (\[[^\]]+\] )?.*$/;

function logger(level: LogLevelSetting, format: LogFormat = 'text', tty = false, noColor?: string) {
  const memory = memoryOutput(tty);
  return { logger: new AppLogger({ level, format, output: memory.output, noColor }), ...memory };
}

function writeOneOfEach(target: AppLogger): void {
  target.debug('a debug line', 'Test');
  target.log('an info line', 'Test');
  target.warn('a warning', 'Test');
  target.error('an error', 'Test');
}

@Controller('things')
class ThingsController {
  @Get()
  list(): string[] {
    return [];
  }
}

@Module({ controllers: [ThingsController] })
class ThingsModule {}

describe('AppLogger', () => {
  afterEach(() => vi.unstubAllEnvs());

  it.each([
    ['error', ['an error']],
    ['warn', ['a warning', 'an error']],
    ['info', ['an info line', 'a warning', 'an error']],
    ['log', ['an info line', 'a warning', 'an error']],
    ['debug', ['a debug line', 'an info line', 'a warning', 'an error']],
  ] as const)('at LOG_LEVEL=%s writes only %j', (level, expected) => {
    const { logger: target, text } = logger(level);
    writeOneOfEach(target);
    const messages = text()
      .split('\n')
      .filter(Boolean)
      .map((line) => line.replace(/^.*\[Test\] /, ''));
    expect(messages).toEqual(expected);
  });

  it('writes a person a line with time, level and context, warnings apart from successes, errors on stderr', () => {
    const { logger: target, stdout, stderr } = logger('info');
    target.log('listening', 'Compute node');
    target.warn('LXC is not usable', 'InstanceInventory');
    target.error('could not start', 'Compute node');

    expect(stdout).toHaveLength(2);
    expect(stdout[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d INFO  \[Compute node\] listening\n$/);
    expect(stdout[1]).toMatch(/ WARN  \[InstanceInventory\] LXC is not usable\n$/);
    expect(stderr).toEqual([expect.stringMatching(/ ERROR \[Compute node\] could not start\n$/)]);
  });

  it('writes no colour codes when the output is not a terminal', () => {
    vi.stubEnv('NO_COLOR', '');
    const { logger: target, text } = logger('debug', 'text', false);
    writeOneOfEach(target);
    target.error(new Error('with a stack'), 'Test');
    expect(text()).not.toMatch(ANSI_ESCAPE);
    for (const line of text().split('\n').filter((line) => line && !line.startsWith('    at '))) {
      if (!line.startsWith('Error: with a stack')) expect(line).toMatch(TEXT_LINE);
    }
  });

  it('colours a terminal, failures in other colours than successes, unless NO_COLOR is set', () => {
    vi.stubEnv('NO_COLOR', '');
    const coloured = logger('info', 'text', true);
    coloured.logger.log('done', 'Test');
    coloured.logger.warn('failed', 'Test');
    const [info, warning] = coloured.stdout;
    expect(info).toContain('\x1b[32mINFO \x1b[39m');
    expect(info).toContain('] done\n');
    expect(warning).toContain('\x1b[33mWARN \x1b[39m');
    expect(warning).toContain('\x1b[33mfailed\x1b[39m');

    const plain = logger('info', 'text', true, '1');
    plain.logger.warn('failed', 'Test');
    expect(plain.text()).not.toMatch(ANSI_ESCAPE);
  });

  it('never lets a message start a line of its own or drive the terminal (a forged log line)', () => {
    vi.stubEnv('NO_COLOR', '');
    const { logger: target, text } = logger('info', 'text', false);
    const forged = 'token abc\r\n2026-12-01 22:01:03 ERROR [Auth] forged\nsecond\x1b[2J\x07';
    target.warn(`Registration refused: ${forged}`, 'Events');
    target.error(new Error(`broken: ${forged}`), 'Test');

    const lines = text().split('\n').filter(Boolean);
    const records = lines.filter((line) => !/^\s/.test(line));
    // One line per record (the warning, the error with its stack), each continued by indented lines.
    expect(records).toEqual([
      expect.stringMatching(/ WARN  \[Events\] Registration refused: token abc\\r$/),
      expect.stringMatching(/ ERROR \[Test\] Error: broken: token abc\\r$/),
    ]);
    expect(lines[1]).toBe('    2026-12-01 22:01:03 ERROR [Auth] forged');
    expect(lines[2]).toBe('    second\\u001b[2J\\u0007');
    expect(text()).not.toMatch(/\r|\x1b|\x07/);
  });

  it('writes one JSON object per line: time, level, context, message and the structured fields', () => {
    const { logger: target, text } = logger('debug', 'json');
    target.log('create "web1": done in 1.3 s', { action: 'create', instance: 'web1', durationMs: 1300 }, 'Instances');
    target.warn('two\nlines', 'Test');
    target.error(new Error('broken'), 'Test');
    target.log('a field may not replace the message', { message: 'replaced', level: 'error' }, 'Test');

    const lines = text().split('\n').filter(Boolean);
    expect(lines).toHaveLength(4);
    const records = lines.map((line) => JSON.parse(line));
    expect(records[0]).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      level: 'info',
      context: 'Instances',
      message: 'create "web1": done in 1.3 s',
      action: 'create',
      instance: 'web1',
      durationMs: 1300,
    });
    expect(Object.keys(records[0]).slice(0, 4)).toEqual(['time', 'level', 'context', 'message']);
    expect(records[1]).toMatchObject({ level: 'warn', message: 'two\nlines' });
    expect(records[2]).toMatchObject({
      level: 'error',
      message: 'broken',
      error: { name: 'Error', message: 'broken', stack: expect.stringContaining('app-logger.spec') },
    });
    expect(records[3]).toMatchObject({ level: 'info', message: 'a field may not replace the message' });
    expect(text()).not.toMatch(ANSI_ESCAPE);
  });

  it('masks a structured field that holds a secret', () => {
    const { logger: target, text } = logger('info', 'json');
    target.log('registered a node', { url: 'http://pi-1:7001', token: 'secret-node-token-123' }, 'Nodes');
    expect(text()).not.toContain('secret-node-token-123');
    expect(JSON.parse(text())).toMatchObject({ url: 'http://pi-1:7001', token: '[REDACTED]' });
  });

  it("keeps Nest's start-up narration (modules, route mappings) for LOG_LEVEL=debug", async () => {
    const atInfo = logger('info');
    const app = await NestFactory.create(ThingsModule, { logger: atInfo.logger });
    await app.init();
    await app.close();
    expect(atInfo.text()).toBe('');

    const atDebug = logger('debug');
    const debugApp = await NestFactory.create(ThingsModule, { logger: atDebug.logger });
    await debugApp.init();
    await debugApp.close();
    expect(atDebug.text()).toMatch(/ DEBUG \[RouterExplorer\] Mapped \{\/things, GET\} route\n/);
    expect(atDebug.text()).toMatch(/ DEBUG \[InstanceLoader\] ThingsModule dependencies initialized\n/);
  });

  it("is what every Logger instance writes through, and passes Nest's own warnings through as warnings", () => {
    const recording = recordLogs({ format: 'text', level: 'info' });
    try {
      new Logger('Instances').log('through the facade');
      new Logger('RouterExplorer', { timestamp: true }).warn('a framework warning');
      new Logger('RouterExplorer', { timestamp: true }).log('Mapped {/things, GET} route');
    } finally {
      recording.stop();
    }
    expect(recording.text().split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/ INFO  \[Instances\] through the facade$/),
      expect.stringMatching(/ WARN  \[RouterExplorer\] a framework warning$/),
    ]);
  });
});
