import { InvalidNodeUrlError, normaliseNodeUrl } from './node-url.js';

describe('normaliseNodeUrl', () => {
  it.each([
    ['http://10.0.0.21:7001', 'http://10.0.0.21:7001'],
    ['http://10.0.0.21:7001/', 'http://10.0.0.21:7001'],
    ['  HTTP://Pi-Node-1.local:7001// ', 'http://pi-node-1.local:7001'],
    ['https://pi.example:443/', 'https://pi.example'],
    ['http://pi.example:80', 'http://pi.example'],
    ['http://proxy.example/nodes/pi1/', 'http://proxy.example/nodes/pi1'],
    ['http://[::1]:7001/', 'http://[::1]:7001'],
  ])('writes %j as %j', (raw, expected) => {
    expect(normaliseNodeUrl(raw)).toBe(expected);
  });

  it.each([
    ['not a url', 'must start with http:// or https://'],
    ['http://', 'is not a valid URL'],
    ['10.0.0.21:7001', 'must start with http:// or https://'],
    ['ftp://10.0.0.21', 'must start with http:// or https://'],
    ['file:///etc/passwd', 'must start with http:// or https://'],
    ['http://admin:secret@10.0.0.21:7001', 'must not contain a user name or password'],
    ['http://10.0.0.21:7001/?token=x', 'must not contain a query'],
    ['http://10.0.0.21:7001/?', 'must not contain a query'],
    ['http://10.0.0.21:7001/#top', 'must not contain a fragment'],
    ['http://10.0.0.21:99999', 'is not a valid URL'],
  ])('refuses %j with a message that says why', (raw, reason) => {
    expect(() => normaliseNodeUrl(raw)).toThrow(InvalidNodeUrlError);
    expect(() => normaliseNodeUrl(raw)).toThrow(reason);
  });
});
