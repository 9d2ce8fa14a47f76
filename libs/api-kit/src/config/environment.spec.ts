import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';
import { ConfigurationError, readEnvironment, validateEnvironment } from './environment.js';

class ExampleSettings {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  EXAMPLE_PORT = 7001;

  @IsOptional()
  @IsString()
  EXAMPLE_NAME?: string = undefined;

  @IsOptional()
  @MinLength(16, { message: 'EXAMPLE_TOKEN must be at least 16 characters long' })
  EXAMPLE_TOKEN?: string = undefined;
}

describe('validateEnvironment', () => {
  it('gives defaults for unset and empty variables and ignores unrelated ones', () => {
    const settings = validateEnvironment(ExampleSettings, { EXAMPLE_PORT: '', PATH: '/usr/bin' });
    expect(settings).toBeInstanceOf(ExampleSettings);
    expect({ ...settings }).toEqual({ EXAMPLE_PORT: 7001, EXAMPLE_NAME: undefined, EXAMPLE_TOKEN: undefined });
  });

  it('converts and keeps valid values', () => {
    expect(validateEnvironment(ExampleSettings, { EXAMPLE_PORT: '8080', EXAMPLE_NAME: 'x' })).toMatchObject({
      EXAMPLE_PORT: 8080,
      EXAMPLE_NAME: 'x',
    });
  });

  it('stops with a message naming every bad variable and its value', () => {
    const attempt = () => validateEnvironment(ExampleSettings, { EXAMPLE_PORT: 'eighty' });
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(/EXAMPLE_PORT="eighty": .*integer/);
    expect(() => validateEnvironment(ExampleSettings, { EXAMPLE_PORT: '70000' })).toThrow(
      /EXAMPLE_PORT="70000": EXAMPLE_PORT must not be greater than 65535/,
    );
  });

  it('names a bad secret variable without showing its value', () => {
    const attempt = () => validateEnvironment(ExampleSettings, { EXAMPLE_TOKEN: 'short\r\nsecret' });
    expect(attempt).toThrow('EXAMPLE_TOKEN (value not shown): EXAMPLE_TOKEN must be at least 16 characters long');
    expect(attempt).not.toThrow(/short|secret/);
  });
});

describe('readEnvironment', () => {
  it('lets the real environment win over the .env file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tinystack-env-')), '.env');
    writeFileSync(file, 'EXAMPLE_PORT=9000\nEXAMPLE_NAME=from-file\n');
    expect(readEnvironment({ EXAMPLE_PORT: '7002' }, file)).toMatchObject({ EXAMPLE_PORT: '7002', EXAMPLE_NAME: 'from-file' });
  });

  it('works without a .env file', () => {
    expect(readEnvironment({ A: '1' }, '/nonexistent/.env')).toEqual({ A: '1' });
  });
});
