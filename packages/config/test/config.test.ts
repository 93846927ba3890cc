import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config.ts';

const valid = {
  DATABASE_URL: 'postgresql://vpp:secret@db.internal:5432/vpp',
  SESSION_SECRET: 's'.repeat(40),
  TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
};

describe('configuration', () => {
  it('applies defaults to a minimal valid environment', () => {
    const config = parseConfig(valid);
    expect(config).toMatchObject({
      PORT: 8080,
      APPLE_VPP_BASE_URL: 'https://vpp.itunes.apple.com/mdm/v2',
      SYNC_SCHEDULE: '0 6,18 * * *',
      LOG_LEVEL: 'info',
      TRUST_PROXY: 0,
    });
  });

  it('names every bad key at once', () => {
    try {
      parseConfig({
        DATABASE_URL: 'mysql://nope',
        SESSION_SECRET: 'short',
        TOKEN_ENCRYPTION_KEY: 'not-base64-32-bytes',
        PORT: 'eighty',
        SYNC_SCHEDULE: 'every day',
        APPLE_VPP_BASE_URL: 'not a url',
      });
      expect.unreachable('parseConfig should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const keys = (error as ConfigError).issues.map((issue) => issue.key).sort();
      expect(keys).toEqual([
        'APPLE_VPP_BASE_URL',
        'DATABASE_URL',
        'PORT',
        'SESSION_SECRET',
        'SYNC_SCHEDULE',
        'TOKEN_ENCRYPTION_KEY',
      ]);
      expect((error as Error).message).toContain('SESSION_SECRET: must be at least 32 characters');
    }
  });

  it('reports missing required keys by name', () => {
    expect(() => parseConfig({})).toThrow(/DATABASE_URL[\s\S]*SESSION_SECRET[\s\S]*TOKEN_ENCRYPTION_KEY/);
  });

  it('treats empty values as unset and parses flags', () => {
    const config = parseConfig({ ...valid, PORT: '', TRUST_PROXY: '1', PUBLIC_URL: '' });
    expect(config.PORT).toBe(8080);
    expect(config.TRUST_PROXY).toBe(1);
    expect(config.PUBLIC_URL).toBeUndefined();
  });

  it('takes TRUST_PROXY as a hop count or a list of proxy addresses, never "trust all"', () => {
    expect(parseConfig({ ...valid, TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(0);
    expect(parseConfig({ ...valid, TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(
      parseConfig({ ...valid, TRUST_PROXY: '10.0.0.0/8, 192.168.1.7,loopback,::1' }).TRUST_PROXY,
    ).toEqual(['10.0.0.0/8', '192.168.1.7', 'loopback', '::1']);
    for (const everyHop of ['true', 'yes', '*'])
      expect(() => parseConfig({ ...valid, TRUST_PROXY: everyHop })).toThrow(
        /TRUST_PROXY: must not trust every hop/,
      );
    for (const bad of ['10.0.0.0/33', 'proxy.internal', '11', '1.2.3'])
      expect(() => parseConfig({ ...valid, TRUST_PROXY: bad })).toThrow(/TRUST_PROXY: must be a hop count/);
  });

  it('requires METRICS_TOKEN in production', () => {
    expect(() => parseConfig({ ...valid, NODE_ENV: 'production' })).toThrow(
      /METRICS_TOKEN: is required when NODE_ENV=production/,
    );
    expect(
      parseConfig({ ...valid, NODE_ENV: 'production', METRICS_TOKEN: 'm'.repeat(20) }).METRICS_TOKEN,
    ).toBe('m'.repeat(20));
  });
});
