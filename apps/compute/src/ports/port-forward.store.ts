import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { INSTANCE_NAME_PATTERN, PORT_PROTOCOLS } from '@tinystack/contracts';
import { ComputeSettings } from '../config/compute.settings.js';
import type { PortForward } from './port-forward.js';

const FILE_VERSION = 1;

/**
 * DATA_DIR/ports.json: the forwards, written whole to a temporary file that is
 * flushed and then renamed over the old one, so a power cut leaves either the
 * old list or the new one. A file that cannot be read is moved aside (and
 * logged), never silently overwritten.
 */
@Injectable()
export class PortForwardStore {
  private readonly logger = new Logger('Ports');
  readonly file: string;

  constructor(@Inject(ComputeSettings) settings: ComputeSettings) {
    this.file = join(settings.DATA_DIR, 'ports.json');
  }

  load(): PortForward[] {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    try {
      return parseForwards(JSON.parse(text));
    } catch (error) {
      const aside = `${this.file}.unreadable-${Date.now()}`;
      renameSync(this.file, aside);
      this.logger.error(`${this.file} could not be read (${(error as Error).message}); moved to ${aside}, starting with no forwards`);
      return [];
    }
  }

  save(forwards: readonly PortForward[]): void {
    const temporary = `${this.file}.new`;
    const descriptor = openSync(temporary, 'w', 0o600);
    try {
      writeFileSync(descriptor, `${JSON.stringify({ version: FILE_VERSION, forwards }, null, 2)}\n`);
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    renameSync(temporary, this.file);
    const directory = openSync(dirname(this.file), 'r');
    try {
      fsyncSync(directory);
    } finally {
      closeSync(directory);
    }
  }
}

function parseForwards(document: unknown): PortForward[] {
  const { version, forwards } = (document ?? {}) as { version?: unknown; forwards?: unknown };
  if (version !== FILE_VERSION || !Array.isArray(forwards)) throw new Error(`not a version ${FILE_VERSION} list of forwards`);
  const port = (value: unknown) => Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 65535;
  return forwards.map((entry: Record<string, unknown>, index) => {
    const { instance, hostPort, containerPort, protocol } = entry ?? {};
    if (
      typeof instance !== 'string' ||
      !INSTANCE_NAME_PATTERN.test(instance) ||
      !port(hostPort) ||
      !port(containerPort) ||
      !(PORT_PROTOCOLS as readonly unknown[]).includes(protocol)
    ) {
      throw new Error(`forward ${index + 1} is not valid`);
    }
    return { instance, hostPort, containerPort, protocol } as PortForward;
  });
}
