import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  configKeys,
  databaseTimeouts,
  mdmConnection,
  oidcSettings,
  parseConfig,
  passwordSignInPolicy,
  redactConfig,
} from '../src/config.ts';

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

  it('gives every database connection timeouts, and the pool settings follow them', () => {
    const config = parseConfig(valid);
    expect(config).toMatchObject({
      DATABASE_CONNECT_TIMEOUT_MS: 5_000,
      DATABASE_STATEMENT_TIMEOUT_MS: 60_000,
      DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: 60_000,
      DATABASE_RETRY_AFTER_SECONDS: 5,
    });
    expect(config.WORKER_HEALTH_PORT).toBeUndefined();
    const tuned = parseConfig({
      ...valid,
      DATABASE_CONNECT_TIMEOUT_MS: '2000',
      DATABASE_STATEMENT_TIMEOUT_MS: '15000',
      WORKER_HEALTH_PORT: '8081',
    });
    expect(databaseTimeouts(tuned)).toEqual({
      connectTimeoutMs: 2_000,
      statementTimeoutMs: 15_000,
      idleInTransactionTimeoutMs: 60_000,
    });
    expect(tuned.WORKER_HEALTH_PORT).toBe(8081);
    expect(() => parseConfig({ ...valid, DATABASE_CONNECT_TIMEOUT_MS: '0' })).toThrow(
      /DATABASE_CONNECT_TIMEOUT_MS/,
    );
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

describe('device side (MDM) configuration', () => {
  const nano = {
    ...valid,
    MDM_KIND: 'nanohub',
    MDM_URL: 'https://mdm.example.com',
    MDM_API_KEY: 'nanohub-api-key',
    MDM_WEBHOOK_HMAC_KEY: 'h'.repeat(32),
  };

  it('has no device side by default, and keeps the MDM_GATEWAY_URL path as kind webhook', () => {
    expect(mdmConnection(parseConfig(valid))).toEqual({ kind: 'none' });
    expect(
      mdmConnection(parseConfig({ ...valid, MDM_GATEWAY_URL: 'http://127.0.0.1:9/_emulator/mdm/commands' })),
    ).toEqual({
      kind: 'webhook',
      gatewayUrl: 'http://127.0.0.1:9/_emulator/mdm/commands',
    });
    expect(configKeys).toEqual(
      expect.arrayContaining(['MDM_KIND', 'MDM_URL', 'MDM_API_KEY', 'MDM_WEBHOOK_HMAC_KEY']),
    );
  });

  it('reads a NanoHUB connection', () => {
    expect(mdmConnection(parseConfig(nano))).toEqual({
      kind: 'nanohub',
      url: 'https://mdm.example.com',
      apiKey: 'nanohub-api-key',
      webhookHmacKey: 'h'.repeat(32),
      allowUnsignedWebhooks: false,
      emulated: false,
    });
  });

  it('names what NanoMDM needs, and wants an HMAC key unless unsigned webhooks are allowed', () => {
    try {
      parseConfig({ ...valid, MDM_KIND: 'nanomdm' });
      expect.unreachable('parseConfig should have thrown');
    } catch (error) {
      expect((error as ConfigError).issues.map((issue) => issue.key).sort()).toEqual([
        'MDM_API_KEY',
        'MDM_URL',
        'MDM_WEBHOOK_HMAC_KEY',
      ]);
    }
    const unsigned = parseConfig({
      ...nano,
      MDM_KIND: 'nanomdm',
      MDM_WEBHOOK_HMAC_KEY: '',
      MDM_WEBHOOK_ALLOW_UNSIGNED: 'true',
    });
    expect(mdmConnection(unsigned)).toMatchObject({
      kind: 'nanomdm',
      webhookHmacKey: undefined,
      allowUnsignedWebhooks: true,
    });
    expect(() => parseConfig({ ...valid, MDM_KIND: 'webhook' })).toThrow(/MDM_GATEWAY_URL: is required/);
    expect(() => parseConfig({ ...valid, MDM_KIND: 'jamf' })).toThrow(/MDM_KIND/);
    expect(() => parseConfig({ ...nano, MDM_WEBHOOK_HMAC_KEY: 'short' })).toThrow(/MDM_WEBHOOK_HMAC_KEY/);
  });

  it('the emulator kind is NanoMDM against the bundled emulator once the launcher gives its URL', () => {
    expect(mdmConnection(parseConfig({ ...valid, MDM_KIND: 'emulator' }))).toEqual({ kind: 'none' });
    const emulated = parseConfig({
      ...valid,
      MDM_KIND: 'emulator',
      MDM_URL: 'http://127.0.0.1:9/nanomdm',
      MDM_API_KEY: 'k'.repeat(16),
    });
    expect(mdmConnection(emulated)).toMatchObject({ kind: 'nanomdm', emulated: true });
  });

  it('redacts secrets and passwords in URLs', () => {
    const shown = JSON.stringify(
      redactConfig(
        parseConfig({
          ...nano,
          MDM_URL: 'https://user:url-password@mdm.example.com',
          MDM_EVENTS_SECRET: 'e'.repeat(20),
        }),
      ),
    );
    for (const secret of [
      'nanohub-api-key',
      'h'.repeat(32),
      'url-password',
      valid.SESSION_SECRET,
      valid.TOKEN_ENCRYPTION_KEY,
      'e'.repeat(20),
      ':secret@',
    ]) {
      expect(shown).not.toContain(secret);
    }
    expect(shown).toContain('"MDM_API_KEY":"[redacted]"');
    expect(shown).toContain('db.internal');
  });
});

describe('single sign-on configuration', () => {
  const sso = {
    ...valid,
    OIDC_ISSUER: 'https://login.example.test/realms/school',
    OIDC_CLIENT_ID: 'vpp-console',
    OIDC_CLIENT_SECRET: 'client-secret-value',
  };

  it('parses the role map once: claim value = role, case-insensitive roles, spaces ignored', () => {
    const config = parseConfig({ ...sso, OIDC_ROLE_MAP: ' vpp-admins=ADMIN , vpp=managers=manager ' });
    expect(oidcSettings(config)).toMatchObject({
      issuer: sso.OIDC_ISSUER,
      roleClaim: 'groups',
      providerName: 'SSO',
      roleMap: [
        { value: 'vpp-admins', role: 'admin' },
        { value: 'vpp=managers', role: 'manager' },
      ],
    });
    expect(oidcSettings(parseConfig(valid))).toBeNull();
  });

  it('names a bad role map, a missing client id or map, and passwords off without SSO', () => {
    const issues = (env: Record<string, string>) => {
      try {
        parseConfig(env);
        return [];
      } catch (error) {
        return (error as ConfigError).issues.map((issue) => issue.key);
      }
    };
    expect(issues({ ...sso, OIDC_ROLE_MAP: 'vpp-admins=OWNER' })).toEqual(['OIDC_ROLE_MAP']);
    expect(issues({ ...sso, OIDC_ROLE_MAP: ',' })).toEqual(['OIDC_ROLE_MAP']);
    expect(issues({ ...valid, OIDC_ISSUER: sso.OIDC_ISSUER })).toEqual(['OIDC_CLIENT_ID', 'OIDC_ROLE_MAP']);
    expect(issues({ ...valid, LOCAL_PASSWORDS: 'off' })).toEqual(['LOCAL_PASSWORDS']);
  });

  it('keeps a break-glass admin when passwords are off (ADMIN_EMAIL unless told otherwise)', () => {
    const base = { ...sso, OIDC_ROLE_MAP: 'a=ADMIN', LOCAL_PASSWORDS: 'off' };
    expect(passwordSignInPolicy(parseConfig({ ...sso, OIDC_ROLE_MAP: 'a=ADMIN' }))).toEqual({ open: true });
    expect(passwordSignInPolicy(parseConfig({ ...base, ADMIN_EMAIL: 'Root@Example.test' }))).toEqual({
      open: false,
      breakGlass: 'root@example.test',
    });
    expect(
      passwordSignInPolicy(
        parseConfig({ ...base, ADMIN_EMAIL: 'a@example.test', BREAK_GLASS_ADMIN_EMAIL: 'b@example.test' }),
      ),
    ).toEqual({ open: false, breakGlass: 'b@example.test' });
  });

  it('never shows the client secret', () => {
    const shown = JSON.stringify(redactConfig(parseConfig({ ...sso, OIDC_ROLE_MAP: 'a=ADMIN' })));
    expect(shown).not.toContain('client-secret-value');
  });
});
