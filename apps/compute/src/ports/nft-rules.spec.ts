import { nftRules } from './nft-rules.js';

const web = { instance: 'web1', hostPort: 20000, containerPort: 80, protocol: 'tcp' as const, address: '10.0.3.12' };

describe('nftRules', () => {
  it('replaces the whole table in one transaction: DNAT from the LAN and from the board, forwarding let through', () => {
    expect(nftRules('tinystack', [web, { ...web, hostPort: 20001, containerPort: 5683, protocol: 'udp' }])).toBe(
      [
        'add table ip tinystack',
        'delete table ip tinystack',
        'table ip tinystack {',
        '  chain prerouting {',
        '    type nat hook prerouting priority dstnat; policy accept;',
        '    fib daddr type local tcp dport 20000 dnat to 10.0.3.12:80',
        '    fib daddr type local udp dport 20001 dnat to 10.0.3.12:5683',
        '  }',
        '  chain output {',
        '    type nat hook output priority -100; policy accept;',
        '    ip daddr != 127.0.0.0/8 fib daddr type local tcp dport 20000 dnat to 10.0.3.12:80',
        '    ip daddr != 127.0.0.0/8 fib daddr type local udp dport 20001 dnat to 10.0.3.12:5683',
        '  }',
        '  chain forward {',
        '    type filter hook forward priority filter; policy accept;',
        '    ct status dnat accept',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('removes the table when nothing is forwarded', () => {
    expect(nftRules('tinystack', [])).toBe('add table ip tinystack\ndelete table ip tinystack\n');
  });

  it('refuses anything that is not a validated number or address, whatever reached it', () => {
    const injected = [
      { ...web, address: '10.0.3.12; flush ruleset' },
      { ...web, address: '10.0.3.256' },
      { ...web, hostPort: 0 },
      { ...web, containerPort: 70000 },
      { ...web, protocol: 'icmp' as never },
      { ...web, instance: 'web1}' },
    ];
    for (const forward of injected) expect(() => nftRules('tinystack', [forward])).toThrow('Refusing to write a rule');
    expect(() => nftRules('tinystack }', [])).toThrow('Not an nftables table name');
  });
});
