import { INSTANCE_NAME_PATTERN, PORT_PROTOCOLS } from '@tinystack/contracts';
import type { ActiveForward } from './port-forward.js';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const TABLE_NAME = /^[a-z][a-z0-9_]{0,31}$/;

/**
 * The whole rules text of the node's own table, replaced in one nft
 * transaction (the "add table; delete table; table {...}" idiom: nothing else
 * of the board's firewall is touched, and no moment has half the rules).
 *  - prerouting: a packet from the LAN to any of the board's addresses on a
 *    forwarded port is sent to the instance (DNAT);
 *  - output: the same for the board's own connections to its addresses
 *    (127.0.0.0/8 is left alone: the kernel would not route it to the bridge);
 *  - forward: what was DNATed here is let through (other tables may still drop).
 * Every value is checked again here, so the text can only hold what the
 * validated numbers and addresses say. No forward: the table is removed.
 */
export function nftRules(table: string, forwards: readonly ActiveForward[]): string {
  if (!TABLE_NAME.test(table)) throw new Error(`Not an nftables table name: ${JSON.stringify(table)}`);
  const replace = [`add table ip ${table}`, `delete table ip ${table}`];
  if (forwards.length === 0) return `${replace.join('\n')}\n`;
  const dnat = forwards.map((forward) => {
    assertForward(forward);
    return `fib daddr type local ${forward.protocol} dport ${forward.hostPort} dnat to ${forward.address}:${forward.containerPort}`;
  });
  return [
    ...replace,
    `table ip ${table} {`,
    '  chain prerouting {',
    '    type nat hook prerouting priority dstnat; policy accept;',
    ...dnat.map((rule) => `    ${rule}`),
    '  }',
    '  chain output {',
    '    type nat hook output priority -100; policy accept;',
    ...dnat.map((rule) => `    ip daddr != 127.0.0.0/8 ${rule}`),
    '  }',
    '  chain forward {',
    '    type filter hook forward priority filter; policy accept;',
    '    ct status dnat accept',
    '  }',
    '}',
    '',
  ].join('\n');
}

function assertForward(forward: ActiveForward): void {
  const port = (value: number) => Number.isInteger(value) && value >= 1 && value <= 65535;
  if (
    !INSTANCE_NAME_PATTERN.test(forward.instance) ||
    !port(forward.hostPort) ||
    !port(forward.containerPort) ||
    !(PORT_PROTOCOLS as readonly string[]).includes(forward.protocol) ||
    !IPV4.test(forward.address)
  ) {
    throw new Error(`Refusing to write a rule for an invalid forward: ${JSON.stringify(forward)}`);
  }
}
