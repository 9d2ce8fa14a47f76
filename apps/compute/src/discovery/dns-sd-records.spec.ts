import { announcementLabel, announcementPacket, answersFor, RECORD_TTL_SECONDS, type NodeAnnouncement } from './dns-sd-records.js';
import { inSubnet, lanAddresses } from './lan-addresses.js';

const NODE: NodeAnnouncement = {
  label: 'raspberrypi-3f1c2a9e',
  port: 7001,
  addresses: ['10.0.0.21'],
  nodeId: '3f1c2a9e-8d4b-4c1e-9a57-0b6d2f4e8c11',
  version: '0.1.0',
  joined: false,
};
const INSTANCE = 'raspberrypi-3f1c2a9e._tinystack._tcp.local';

describe('DNS-SD records of a compute node', () => {
  it('make a label unique on the LAN from the host name and the id, as a DNS label', () => {
    expect(announcementLabel('raspberrypi', NODE.nodeId)).toBe('raspberrypi-3f1c2a9e');
    expect(announcementLabel('Lab_Pi 7.local', NODE.nodeId)).toBe('lab-pi-7-3f1c2a9e');
    expect(announcementLabel('---', NODE.nodeId)).toBe('tinystack-3f1c2a9e');
    expect(announcementLabel('x'.repeat(80), NODE.nodeId)).toHaveLength(63);
  });

  it('announce the service, the port, the id, version and join state, and the address', () => {
    expect(announcementPacket({ ...NODE, joined: true }).answers).toEqual([
      { name: '_tinystack._tcp.local', type: 'PTR', ttl: RECORD_TTL_SECONDS, data: INSTANCE },
      { name: INSTANCE, type: 'SRV', ttl: RECORD_TTL_SECONDS, flush: true, data: { priority: 0, weight: 0, port: 7001, target: 'raspberrypi-3f1c2a9e.local' } },
      { name: INSTANCE, type: 'TXT', ttl: RECORD_TTL_SECONDS, flush: true, data: [`id=${NODE.nodeId}`, 'v=0.1.0', 'joined=1'] },
      { name: 'raspberrypi-3f1c2a9e.local', type: 'A', ttl: RECORD_TTL_SECONDS, flush: true, data: '10.0.0.21' },
    ]);
    expect(announcementPacket(NODE, 0).answers.map((record) => (record as { ttl?: number }).ttl)).toEqual([0, 0, 0, 0]);
  });

  it('answer a browse with the PTR, and what comes next among the additionals', () => {
    const response = answersFor([{ name: '_TinyStack._tcp.local', type: 'PTR' }], NODE);
    expect(response?.answers.map((record) => record.type)).toEqual(['PTR']);
    expect(response?.additionals.map((record) => record.type)).toEqual(['SRV', 'TXT', 'A']);
  });

  it('answer questions for the instance, its host, the service list and ANY', () => {
    expect(answersFor([{ name: INSTANCE, type: 'TXT' }], NODE)?.answers.map((record) => record.type)).toEqual(['TXT']);
    expect(answersFor([{ name: INSTANCE, type: 'SRV' }], NODE)).toMatchObject({ answers: [{ type: 'SRV' }], additionals: [{ type: 'A' }] });
    expect(answersFor([{ name: 'raspberrypi-3f1c2a9e.local', type: 'A' }], NODE)?.answers).toEqual([expect.objectContaining({ data: '10.0.0.21' })]);
    expect(answersFor([{ name: '_services._dns-sd._udp.local', type: 'PTR' }], NODE)?.answers).toEqual([
      expect.objectContaining({ name: '_services._dns-sd._udp.local', data: '_tinystack._tcp.local' }),
    ]);
    expect(answersFor([{ name: INSTANCE, type: 'ANY' as 'A' }], NODE)?.answers.map((record) => record.type)).toEqual(['SRV', 'TXT']);
  });

  it('answer nothing to questions about others', () => {
    expect(answersFor([{ name: '_googlecast._tcp.local', type: 'PTR' }, { name: 'printer.local', type: 'A' }], NODE)).toBeNull();
  });
});

describe('LAN addresses', () => {
  const interfaces = {
    lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true, cidr: '127.0.0.1/8' }],
    eth0: [
      { address: '10.0.0.21', family: 'IPv4', internal: false, cidr: '10.0.0.21/24' },
      { address: 'fe80::1', family: 'IPv6', internal: false, cidr: 'fe80::1/64' },
    ],
    wlan0: [{ address: '192.168.4.7', family: 'IPv4', internal: false, cidr: '192.168.4.7/22' }],
    lxcbr0: [{ address: '10.0.3.1', family: 'IPv4', internal: false, cidr: '10.0.3.1/24' }],
    vethA1b2C3: [{ address: '169.254.9.9', family: 'IPv4', internal: false, cidr: '169.254.9.9/16' }],
  } as unknown as Parameters<typeof lanAddresses>[0];

  it('leave out the loopback and the containers\' network, and keep only COMPUTE_HOST when it is one address', () => {
    expect(lanAddresses(interfaces, '0.0.0.0').map((entry) => entry.address)).toEqual(['10.0.0.21', '192.168.4.7']);
    expect(lanAddresses(interfaces, '192.168.4.7')).toEqual([{ address: '192.168.4.7', cidr: '192.168.4.7/22' }]);
  });

  it('tell whether a peer is on an interface\'s subnet', () => {
    expect(inSubnet('10.0.0.99', '10.0.0.21/24')).toBe(true);
    expect(inSubnet('10.0.1.99', '10.0.0.21/24')).toBe(false);
    expect(inSubnet('192.168.7.250', '192.168.4.7/22')).toBe(true);
    expect(inSubnet('8.8.8.8', '0.0.0.0/0')).toBe(true);
    expect(inSubnet('10.0.0.1', 'garbage')).toBe(false);
  });
});
