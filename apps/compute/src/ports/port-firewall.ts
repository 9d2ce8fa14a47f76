import { Inject, Injectable } from '@nestjs/common';
import { CappedProcessRunner, CommandNotFoundError } from '@tinystack/lxc-driver';
import { ComputeSettings } from '../config/compute.settings.js';

/** Port for loading a rules text into the board's firewall. */
export abstract class PortFirewall {
  /** @throws FirewallError with what nft said */
  abstract apply(rules: string): Promise<void>;
}

export class FirewallError extends Error {}

/** Rules travel on nft's standard input (`nft -f -`): no shell, no file, nothing spliced into a command line. */
@Injectable()
export class NftPortFirewall extends PortFirewall {
  constructor(
    private readonly runner: CappedProcessRunner,
    @Inject(ComputeSettings) private readonly settings: ComputeSettings,
  ) {
    super();
  }

  override async apply(rules: string): Promise<void> {
    let result;
    try {
      result = await this.runner.runCapped('nft', ['-f', '-'], {
        timeoutMs: this.settings.LXC_COMMAND_TIMEOUT_MS,
        outputLimitBytes: 64 * 1024,
        input: rules,
      });
    } catch (error) {
      if (error instanceof CommandNotFoundError) {
        throw new FirewallError('nftables is not installed on this board: apt-get install nftables');
      }
      throw new FirewallError(`nft could not be run: ${(error as Error).message}`);
    }
    if (result.timedOut) throw new FirewallError(`nft did not finish within ${this.settings.LXC_COMMAND_TIMEOUT_MS} ms`);
    if (result.exitCode !== 0) throw new FirewallError(`nft refused the port rules (exit ${result.exitCode}): ${result.stderr.trim()}`);
  }
}
