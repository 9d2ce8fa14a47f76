import { brokerHost } from './mqtt.controller.js';

describe('brokerHost', () => {
  it("takes MANAGER_ADVERTISE_URL's host over the request's Host header, without a port", () => {
    expect(brokerHost('http://10.0.0.2:8080', '127.0.0.1:8080')).toBe('10.0.0.2');
    expect(brokerHost('https://cloud.class.example', 'localhost:8080')).toBe('cloud.class.example');
    expect(brokerHost('http://[fd00::2]:8080', '127.0.0.1:8080')).toBe('fd00::2');
  });

  it('falls back to the Host header, then to localhost', () => {
    expect(brokerHost(undefined, '192.168.1.20:8080')).toBe('192.168.1.20');
    expect(brokerHost(undefined, '[::1]:8080')).toBe('::1');
    expect(brokerHost(undefined, 'not a host')).toBe('localhost');
    expect(brokerHost(undefined, undefined)).toBe('localhost');
  });
});
