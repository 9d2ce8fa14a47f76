import { joinCommand, managerAddressForBoards } from './manager-address.js';

describe('managerAddressForBoards', () => {
  const lan = ['10.0.0.2', '192.168.1.5'];

  it('takes MANAGER_ADVERTISE_URL first, normalised', () => {
    expect(managerAddressForBoards({ protocol: 'http', host: '127.0.0.1:8080' }, 'HTTP://Pi-Manager.lab:8080/', 8080, lan)).toBe('http://pi-manager.lab:8080');
  });

  it('takes the address the console reached the manager at', () => {
    expect(managerAddressForBoards({ protocol: 'http', host: '10.0.0.2:8080' }, undefined, 8080, lan)).toBe('http://10.0.0.2:8080');
    expect(managerAddressForBoards({ protocol: 'https', host: 'manager.lab' }, undefined, 8080, lan)).toBe('https://manager.lab');
  });

  it('never tells a board 127.0.0.1 or localhost when the manager has a LAN address: a board would reach itself', () => {
    expect(managerAddressForBoards({ protocol: 'http', host: '127.0.0.1:8080' }, undefined, 8080, lan)).toBe('http://10.0.0.2:8080');
    expect(managerAddressForBoards({ protocol: 'http', host: 'localhost:9000' }, undefined, 8080, lan)).toBe('http://10.0.0.2:9000');
    expect(managerAddressForBoards({ protocol: 'http', host: '[::1]:8080' }, undefined, 8080, lan)).toBe('http://10.0.0.2:8080');
    expect(managerAddressForBoards({ protocol: 'http', host: '127.0.0.1:8080' }, undefined, 8080, [])).toBe('http://127.0.0.1:8080');
  });

  it('falls back to the LAN address and the listening port for a Host header that is no address', () => {
    expect(managerAddressForBoards({ protocol: 'http', host: 'a b?c' }, undefined, 8080, lan)).toBe('http://10.0.0.2:8080');
    expect(managerAddressForBoards({ protocol: 'http', host: undefined }, undefined, 8080, lan)).toBe('http://10.0.0.2:8080');
  });

  it('makes the command a board runs', () => {
    expect(joinCommand('http://10.0.0.2:8080', 'tsj_x')).toBe('sudo tinystack-compute join http://10.0.0.2:8080 tsj_x');
  });
});
