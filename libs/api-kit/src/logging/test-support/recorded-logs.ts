import { Logger, type LoggerService } from '@nestjs/common';
import { AppLogger, type LogOutput } from '../app-logger.js';
import type { LogFormat, LogLevelSetting } from '../log-settings.js';

/** A LogOutput kept in memory; `tty` makes both streams claim to be terminals. */
export function memoryOutput(tty = false): { output: LogOutput; text: () => string; stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const all: string[] = [];
  const stream = (chunks: string[]) => ({
    isTTY: tty,
    write: (text: string) => {
      chunks.push(text);
      all.push(text);
    },
  });
  return { output: { stdout: stream(stdout), stderr: stream(stderr) }, text: () => all.join(''), stdout, stderr };
}

export interface RecordedLogs {
  /** Everything written so far, both streams, in order. */
  text(): string;
  /** Each line parsed (format json). */
  records(): Record<string, unknown>[];
  /** Puts back the logger that was installed before. */
  stop(): void;
}

/**
 * Sends every `new Logger(context)` call through a real AppLogger writing to
 * memory, so a test sees the lines exactly as they would be written.
 */
export function recordLogs(options: { format?: LogFormat; level?: LogLevelSetting } = {}): RecordedLogs {
  const memory = memoryOutput();
  const loggerClass = Logger as unknown as { staticInstanceRef?: LoggerService };
  const previous = loggerClass.staticInstanceRef;
  Logger.overrideLogger(new AppLogger({ level: options.level ?? 'debug', format: options.format ?? 'json', output: memory.output }));
  return {
    text: memory.text,
    records: () =>
      memory
        .text()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    stop: () => {
      loggerClass.staticInstanceRef = previous;
    },
  };
}
