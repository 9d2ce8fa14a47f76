import { ConfigurationError, validateEnvironment } from '../config/environment.js';
import { LogSettings } from './log-settings.js';

class ServerSettings extends LogSettings {
  PORT = 7001;
}

describe('LogSettings', () => {
  it('defaults to info lines a person reads', () => {
    expect({ ...validateEnvironment(ServerSettings, {}) }).toEqual({ LOG_LEVEL: 'info', LOG_FORMAT: 'text', PORT: 7001 });
  });

  it('takes the levels and formats in any case', () => {
    expect(validateEnvironment(ServerSettings, { LOG_LEVEL: 'DEBUG', LOG_FORMAT: 'Json' })).toMatchObject({
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'json',
    });
  });

  it('names a bad variable in the settings that extend it', () => {
    const attempt = () => validateEnvironment(ServerSettings, { LOG_LEVEL: 'verbose!', LOG_FORMAT: 'xml' });
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow('LOG_LEVEL="verbose!": LOG_LEVEL must be one of error, warn, info (or log), debug');
    expect(attempt).toThrow('LOG_FORMAT="xml": LOG_FORMAT must be text or json');
  });
});
