import { LxcCommandError } from './lxc-errors.js';
import { parseLxcLs } from './lxc-ls.parser.js';

describe('parseLxcLs', () => {
  it('parses rows with several addresses joined by ", " and "-" for none', () => {
    const stdout = [
      'NAME       STATE   IPV4                          ',
      'web        RUNNING 10.0.3.5, 10.0.3.6, 192.168.1.9 ',
      'db         STOPPED -                             ',
      'cache      RUNNING 10.0.3.44                     ',
      'frozen-one FROZEN  -                             ',
      '',
    ].join('\n');

    expect(parseLxcLs(stdout)).toEqual([
      { name: 'web', state: 'RUNNING', ipv4: ['10.0.3.5', '10.0.3.6', '192.168.1.9'] },
      { name: 'db', state: 'STOPPED', ipv4: [] },
      { name: 'cache', state: 'RUNNING', ipv4: ['10.0.3.44'] },
      { name: 'frozen-one', state: 'FROZEN', ipv4: [] },
    ]);
  });

  it('returns no containers for empty output (an empty or missing lxcpath)', () => {
    expect(parseLxcLs('')).toEqual([]);
    expect(parseLxcLs('\n')).toEqual([]);
  });

  it('returns no containers for a header alone', () => {
    expect(parseLxcLs('NAME STATE IPV4 \n')).toEqual([]);
  });

  it('refuses an unknown state', () => {
    expect(() => parseLxcLs('NAME STATE   IPV4 \nweb  EXPLODED - \n')).toThrow(LxcCommandError);
  });

  it('refuses output of other columns', () => {
    expect(() => parseLxcLs('NAME STATE   AUTOSTART GROUPS IPV4 \nweb  RUNNING 0 - - \n')).toThrow(
      /unexpected header/,
    );
  });
});
