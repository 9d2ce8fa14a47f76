import { execFile, execFileSync } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { promisify } from 'node:util';
import { describe, it } from 'vitest';

const run = promisify(execFile);
const IP_TIMEOUT_MS = 10_000;
/** Test LANs take 10.77.<n>.0/24: a block no real network here uses, and nothing routes out of it. */
const TEST_NETWORK = '10.77';
const BRIDGE = 'br0';

const ip = (...args: string[]) => run('ip', args, { timeout: IP_TIMEOUT_MS });

let unusable: string | null | undefined;

/** Why this machine cannot make network namespaces for a test (root on Linux and iproute2's ip netns), or null. */
export function networkNamespacesUnusable(): string | null {
  unusable ??= inspect();
  return unusable;
}

function inspect(): string | null {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return 'it needs root on Linux (network namespaces)';
  try {
    execFileSync('ip', ['netns', 'list'], { timeout: IP_TIMEOUT_MS, stdio: 'ignore' });
    return null;
  } catch (error) {
    return `ip netns does not work here: ${(error as Error).message}`;
  }
}

/**
 * `describe` for suites that build a network of namespaces; like describeWithLxc,
 * skipped with the reason where they cannot be made, and a failure instead when
 * TINYSTACK_REQUIRE_LXC=1 (CI), so such a suite never skips there unnoticed.
 */
export function describeWithNamespaces(name: string, suite: () => void): void {
  const reason = networkNamespacesUnusable();
  if (reason === null) {
    describe(name, suite);
    return;
  }
  if (process.env['TINYSTACK_REQUIRE_LXC'] === '1') {
    describe(name, () => {
      it('needs network namespaces (TINYSTACK_REQUIRE_LXC=1)', () => {
        throw new Error(`Namespace tests cannot run here: ${reason}`);
      });
    });
    return;
  }
  console.warn(`Skipping "${name}": ${reason} (set TINYSTACK_REQUIRE_LXC=1 to fail instead)`);
  describe.skip(name, suite);
}

/** One machine on a TestLan: a network namespace of its own, or the test process's own one. */
export interface LanMember {
  readonly name: string;
  /** Its network namespace; null for a member in the test's own namespace (the test talks from there). */
  readonly namespace: string | null;
  /** Its address on the LAN (a /24 of 10.77.x). */
  readonly address: string;
  /** Its end of the link to the LAN's switch. */
  readonly interfaceName: string;
  /** The command line that runs `program` on this member: `ip netns exec <namespace> ...`, or as is. */
  command(program: string, ...args: string[]): [string, ...string[]];
}

interface Link {
  member: LanMember;
  /** The switch's end of the link (a port of the bridge), in the LAN's namespace. */
  switchPort: string;
}

/**
 * A LAN made of network namespaces, for tests: a switch (a bridge in a
 * namespace of its own) and members, each linked to it by a veth pair, with
 * addresses in 10.77.<n>.0/24 only and no default route, so that nothing a
 * test sends (mDNS multicast included) leaves it or reaches this host's real
 * network. A member may be the test's own namespace (only its end of the link
 * is there). `remove()` deletes every namespace and link it made, and nothing
 * else. Needs root: use it inside describeWithNamespaces.
 */
export class TestLan {
  private readonly links: Link[] = [];
  private readonly namespaces: string[] = [];
  private removed = false;

  private constructor(
    /** Unique to this LAN: part of every namespace and interface name it makes. */
    readonly id: string,
    /** The first three octets of its addresses, e.g. "10.77.42". */
    readonly subnet: string,
    private readonly switchNamespace: string,
  ) {}

  static async create(): Promise<TestLan> {
    const id = randomBytes(3).toString('hex');
    const lan = new TestLan(id, `${TEST_NETWORK}.${randomInt(1, 255)}`, `tslan-${id}`);
    lan.namespaces.push(lan.switchNamespace);
    try {
      await ip('netns', 'add', lan.switchNamespace);
      await ip('-n', lan.switchNamespace, 'link', 'add', BRIDGE, 'type', 'bridge');
      await ip('-n', lan.switchNamespace, 'link', 'set', BRIDGE, 'up');
    } catch (error) {
      await lan.remove();
      throw error;
    }
    return lan;
  }

  /** The members so far, in the order they were added. */
  get members(): LanMember[] {
    return this.links.map((link) => link.member);
  }

  /**
   * Links a new member to the switch, with the next address (.1, .2, ...).
   * `inTestNamespace`: its end of the link stays in the test process's
   * namespace, so the test itself (an HTTP server, an mDNS querier) is on the LAN.
   */
  async addMember(name: string, options: { inTestNamespace?: boolean } = {}): Promise<LanMember> {
    if (!/^[a-z0-9-]{1,20}$/.test(name)) throw new Error(`A LAN member's name is 1 to 20 of a-z, 0-9 and "-": "${name}"`);
    if (this.links.some((link) => link.member.name === name)) throw new Error(`The LAN has a member "${name}" already`);
    const index = this.links.length + 1;
    if (index > 250) throw new Error('A test LAN takes at most 250 members');
    // Interface names: 15 characters at most.
    const switchPort = `tsp${this.id}${index}`;
    const interfaceName = `tsm${this.id}${index}`;
    const namespace = options.inTestNamespace ? null : `tsm-${this.id}-${name}`;
    const address = `${this.subnet}.${index}`;
    const inMember = (...args: string[]) => (namespace === null ? args : ['-n', namespace, ...args]);
    if (namespace !== null) {
      await ip('netns', 'add', namespace);
      this.namespaces.push(namespace);
    }
    const member: LanMember = {
      name,
      namespace,
      address,
      interfaceName,
      command: (program, ...args) => (namespace === null ? [program, ...args] : ['ip', 'netns', 'exec', namespace, program, ...args]),
    };
    this.links.push({ member, switchPort });
    await ip('link', 'add', interfaceName, 'type', 'veth', 'peer', 'name', switchPort);
    await ip('link', 'set', switchPort, 'netns', this.switchNamespace);
    await ip('-n', this.switchNamespace, 'link', 'set', switchPort, 'master', BRIDGE, 'up');
    if (namespace !== null) await ip('link', 'set', interfaceName, 'netns', namespace);
    await ip(...inMember('addr', 'add', `${address}/24`, 'dev', interfaceName));
    await ip(...inMember('link', 'set', interfaceName, 'up'));
    if (namespace !== null) {
      await ip('-n', namespace, 'link', 'set', 'lo', 'up');
      // No default route: multicast (mDNS) needs a route to leave by, and it is this link.
      await ip('-n', namespace, 'route', 'add', '224.0.0.0/4', 'dev', interfaceName);
    }
    return member;
  }

  /** Pulls the member's cable: its port on the switch goes down (its own interface stays as it is). */
  disconnect(member: LanMember): Promise<void> {
    return this.setPort(member, 'down');
  }

  /** Plugs the member's cable back in. */
  reconnect(member: LanMember): Promise<void> {
    return this.setPort(member, 'up');
  }

  /** Deletes every namespace and link of this LAN; safe to call twice and after a failed create. */
  async remove(): Promise<void> {
    if (this.removed) return;
    this.removed = true;
    const problems: string[] = [];
    // The test namespace's ends go with their peers when the switch's namespace goes; deleted first all the same.
    for (const { member } of this.links) {
      if (member.namespace === null) await ip('link', 'del', member.interfaceName).catch(() => undefined);
    }
    for (const namespace of this.namespaces.reverse()) {
      await ip('netns', 'del', namespace).catch((error: Error) => problems.push(`${namespace}: ${error.message}`));
    }
    const left = (await ip('netns', 'list')).stdout.split('\n').filter((line) => line.includes(this.id));
    if (left.length > 0 || problems.length > 0) throw new Error(`The test LAN ${this.id} was not removed completely: ${[...left, ...problems].join('; ')}`);
  }

  private async setPort(member: LanMember, state: 'up' | 'down'): Promise<void> {
    const link = this.links.find((candidate) => candidate.member === member);
    if (link === undefined) throw new Error(`"${member.name}" is not a member of the LAN ${this.id}`);
    await ip('-n', this.switchNamespace, 'link', 'set', link.switchPort, state);
  }
}
