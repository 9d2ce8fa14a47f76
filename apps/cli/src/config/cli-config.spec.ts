import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../cli.errors.js';
import { checkManagerUrl, configLocation, readConfig, saveConfig } from './cli-config.js';
import { resolveConnection } from './connection.js';

describe('configLocation', () => {
  it('is $TINYSTACK_CONFIG, else under $XDG_CONFIG_HOME, else under ~/.config', () => {
    expect(configLocation({ TINYSTACK_CONFIG: '/etc/ts.json', XDG_CONFIG_HOME: '/x' })).toEqual({ file: '/etc/ts.json', chosen: true });
    expect(configLocation({ XDG_CONFIG_HOME: '/x', HOME: '/home/ada' })).toEqual({ file: '/x/tinystack/config.json', chosen: false });
    expect(configLocation({ HOME: '/home/ada' }).file).toBe('/home/ada/.config/tinystack/config.json');
    // The XDG rules: a relative XDG_CONFIG_HOME is ignored.
    expect(configLocation({ XDG_CONFIG_HOME: 'relative', HOME: '/home/ada' }).file).toBe('/home/ada/.config/tinystack/config.json');
  });
});

describe('the config file', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'tinystack-cli-config-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('is written readable by its owner only, in a directory of its own, and read back', () => {
    const location = configLocation({ HOME: home });
    saveConfig(location, { url: 'http://127.0.0.1:8080', token: 'secret-token-0123456789' });
    expect(statSync(location.file).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, '.config', 'tinystack')).mode & 0o777).toBe(0o700);
    expect(readConfig(location.file)).toEqual({
      state: 'read',
      saved: { url: 'http://127.0.0.1:8080', token: 'secret-token-0123456789' },
      mode: 0o600,
    });
  });

  it('is replaced whole, leaving no temporary file, and stays 0600 even over a looser one', () => {
    const location = configLocation({ HOME: home });
    saveConfig(location, { url: 'http://a:1', token: 'one' });
    chmodSync(location.file, 0o644);
    saveConfig(location, { url: 'http://b:2', token: 'two' });
    expect(JSON.parse(readFileSync(location.file, 'utf8'))).toEqual({ url: 'http://b:2', token: 'two' });
    expect(statSync(location.file).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(home, '.config', 'tinystack'))).toEqual(['config.json']);
  });

  it('keeps the id and user of a token made by tinystack login, and an address without a token', () => {
    const location = configLocation({ HOME: home });
    saveConfig(location, { url: 'http://a:1', token: 'ts_x', tokenId: '1d0c2a5e-0000-4000-8000-000000000001', username: 'ada' });
    expect(readConfig(location.file)).toMatchObject({ saved: { url: 'http://a:1', token: 'ts_x', tokenId: '1d0c2a5e-0000-4000-8000-000000000001', username: 'ada' } });
    saveConfig(location, { url: 'http://a:1' });
    expect(JSON.parse(readFileSync(location.file, 'utf8'))).toEqual({ url: 'http://a:1' });
  });

  it('leaves the modes of a directory chosen with TINYSTACK_CONFIG alone', () => {
    chmodSync(home, 0o755);
    saveConfig(configLocation({ TINYSTACK_CONFIG: join(home, 'cli.json') }), { url: 'http://a:1', token: 'one' });
    expect(statSync(home).mode & 0o777).toBe(0o755);
    expect(statSync(join(home, 'cli.json')).mode & 0o777).toBe(0o600);
  });

  it('is described, not thrown, when missing or broken', () => {
    expect(readConfig(join(home, 'none.json'))).toEqual({ state: 'missing' });
    writeFileSync(join(home, 'bad.json'), '{"url": ');
    expect(readConfig(join(home, 'bad.json'))).toMatchObject({ state: 'unusable', problem: expect.stringContaining('is not valid JSON') });
    writeFileSync(join(home, 'list.json'), '[]');
    expect(readConfig(join(home, 'list.json'))).toMatchObject({ state: 'unusable' });
    writeFileSync(join(home, 'number.json'), '{"url": 8080}');
    expect(readConfig(join(home, 'number.json'))).toMatchObject({ state: 'unusable', problem: expect.stringContaining('must be strings') });
    writeFileSync(join(home, 'id.json'), '{"url": "http://m:1", "tokenId": 7}');
    expect(readConfig(join(home, 'id.json'))).toMatchObject({ state: 'unusable', problem: expect.stringContaining('must be strings') });
  });
});

describe('resolveConnection', () => {
  let home: string;
  let warnings: string[];
  const warn = (text: string) => warnings.push(text);
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'tinystack-cli-connection-'));
    warnings = [];
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));
  const none = { url: undefined, token: undefined };

  it('takes flags over the environment over the config file, each value on its own', () => {
    const env = { HOME: home, TINYSTACK_URL: 'http://env:1', TINYSTACK_TOKEN: 'env-token' };
    saveConfig(configLocation(env), { url: 'http://file:2', token: 'file-token' });
    expect(resolveConnection({ url: 'http://flag:3/', token: undefined }, env, warn)).toEqual({
      url: 'http://flag:3',
      urlFrom: '--url',
      token: 'env-token',
      tokenFrom: 'TINYSTACK_TOKEN',
    });
    const file = configLocation({ HOME: home }).file;
    expect(resolveConnection({ url: undefined, token: 'flag-token' }, { HOME: home }, warn)).toEqual({
      url: 'http://file:2',
      urlFrom: file,
      token: 'flag-token',
      tokenFrom: '--token',
    });
    expect(warnings).toEqual([]);
  });

  it('warns when the token comes from a file others can read', () => {
    const location = configLocation({ HOME: home });
    saveConfig(location, { url: 'http://file:2', token: 'file-token' });
    chmodSync(location.file, 0o644);
    resolveConnection(none, { HOME: home }, warn);
    expect(warnings).toEqual([`${location.file} holds a token and other users may read it (mode 0644): chmod 600 ${location.file}`]);
  });

  it('is a usage error, saying where to give them, when the address or the token is missing or wrong', () => {
    expect(() => resolveConnection(none, { HOME: home }, warn)).toThrow(UsageError);
    expect(() => resolveConnection(none, { HOME: home }, warn)).toThrow(/^no manager address: pass --url URL, set TINYSTACK_URL, or save one in /);
    expect(() => resolveConnection({ url: 'http://m:1', token: undefined }, { HOME: home }, warn)).toThrow(/^no token for http:\/\/m:1/);
    writeFileSync(join(home, 'broken.json'), 'nope');
    expect(() => resolveConnection(none, { TINYSTACK_CONFIG: join(home, 'broken.json') }, warn)).toThrow(/is not valid JSON .*; fix or remove it$/);
  });
});

describe('checkManagerUrl', () => {
  it('takes http and https addresses and drops a trailing slash', () => {
    expect(checkManagerUrl('http://10.0.0.2:8080/', '--url')).toBe('http://10.0.0.2:8080');
    expect(checkManagerUrl('https://manager.lab', '--url')).toBe('https://manager.lab');
  });

  it('refuses what is not an address it may send a token to', () => {
    expect(() => checkManagerUrl('localhost:8080', '--url')).toThrow(/must start with http:\/\/ or https:\/\//);
    expect(() => checkManagerUrl('10.0.0.2:8080', '--url')).toThrow(/is not a URL; it looks like http:\/\/10.0.0.2:8080/);
    expect(() => checkManagerUrl('http://ada:pw@m:8080', 'TINYSTACK_URL')).toThrow(/\(TINYSTACK_URL\) must not hold a user name/);
  });
});
