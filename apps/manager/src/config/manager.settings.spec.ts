import { ConfigurationError, validateEnvironment } from '@tinystack/api-kit';
import { ManagerSettings } from './manager.settings.js';

describe('ManagerSettings', () => {
  it('has the documented defaults', () => {
    expect({ ...validateEnvironment(ManagerSettings, {}) }).toEqual({
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'text',
      MANAGER_HOST: '0.0.0.0',
      MANAGER_PORT: 8080,
      MANAGER_TOKEN: undefined,
      DATA_DIR: './data',
      POLL_INTERVAL_MS: 2000,
      POLL_TIMEOUT_MS: 1500,
      NODE_UNREACHABLE_AFTER: 2,
      NODE_REQUEST_TIMEOUT_MS: 30_000,
      NODE_CREATE_TIMEOUT_MS: 120_000,
      NODE_ACTION_CONCURRENCY: 4,
      NODE_ANSWER_MAX_BYTES: 1_048_576,
      NODE_FOLLOW_UP_MS: 600_000,
      HISTORY_INTERVAL_MS: 10_000,
      HISTORY_RETENTION_HOURS: 24,
      HISTORY_FLUSH_MS: 60_000,
      TERMINAL_TICKET_SECONDS: 30,
      EVENT_RETENTION_COUNT: 10_000,
      SESSION_IDLE_MINUTES: 120,
      SESSION_MAX_HOURS: 12,
      EVENT_KEEPALIVE_MS: 20_000,
      MANAGER_ADVERTISE_URL: undefined,
      DISCOVERY_ENABLED: true,
      DISCOVERY_INTERVAL_MS: 30_000,
      MQTT_ENABLED: true,
      MQTT_HOST: undefined,
      MQTT_PORT: 1883,
      MQTT_MAX_MESSAGE_BYTES: 65_536,
      MQTT_MAX_SUBSCRIPTIONS: 50,
      MQTT_MAX_MESSAGES_PER_SECOND: 20,
      MQTT_MAX_CONNECTIONS_PER_USER: 10,
      IMAGE_MAX_MIB: 1024,
      IMAGE_IDLE_TIMEOUT_MS: 30_000,
    });
  });

  it('reads MQTT_ENABLED as a word and refuses anything else by name', () => {
    expect(validateEnvironment(ManagerSettings, { MQTT_ENABLED: 'false', MQTT_PORT: '0' })).toMatchObject({ MQTT_ENABLED: false, MQTT_PORT: 0 });
    expect(() => validateEnvironment(ManagerSettings, { MQTT_ENABLED: 'no', MQTT_PORT: '70000' })).toThrow(/MQTT_ENABLED must be true, false, 1 or 0[\s\S]*MQTT_PORT must be 0 to 65535|MQTT_PORT must be 0 to 65535[\s\S]*MQTT_ENABLED must be true, false, 1 or 0/);
  });

  it('reads numbers from strings', () => {
    const settings = validateEnvironment(ManagerSettings, { POLL_INTERVAL_MS: '500', NODE_UNREACHABLE_AFTER: '3' });
    expect(settings.POLL_INTERVAL_MS).toBe(500);
    expect(settings.NODE_UNREACHABLE_AFTER).toBe(3);
  });

  it('names every bad variable', () => {
    expect(() =>
      validateEnvironment(ManagerSettings, { MANAGER_PORT: 'eighty', MANAGER_TOKEN: 'short', NODE_UNREACHABLE_AFTER: '0' }),
    ).toThrow(ConfigurationError);
    try {
      validateEnvironment(ManagerSettings, { MANAGER_PORT: 'eighty', MANAGER_TOKEN: 'short', NODE_UNREACHABLE_AFTER: '0' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('MANAGER_PORT must be a whole number');
      expect(message).toContain('MANAGER_TOKEN must be at least 16 characters long');
      expect(message).toContain('NODE_UNREACHABLE_AFTER');
    }
  });
});
