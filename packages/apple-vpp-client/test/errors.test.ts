import { describe, expect, it } from 'vitest';
import {
  APPLE_VPP_ERROR_KINDS,
  AppleVppError,
  type AppleVppErrorKind,
  classifyAppleError,
} from '../src/apple-vpp-error.ts';
import { asset, clientConfigBody, page } from './apple-fixtures.ts';
import { caught, setUpClient } from './client-under-test.ts';
import { appleError, connectionReset, hang } from './fake-apple.ts';

describe('errors from Apple answers', () => {
  // One attempt, so retryable kinds surface at once.
  const noRetry = { retry: { maxAttempts: 1 } };

  it.each<[string, number, number | undefined, AppleVppErrorKind, boolean]>([
    ['token expired', 401, 9621, 'TOKEN_EXPIRED', false],
    ['token revoked', 401, 9625, 'TOKEN_REVOKED', false],
    ['login required', 401, 9601, 'NOT_AUTHORIZED', false],
    ['malformed Authorization header', 401, 9722, 'NOT_AUTHORIZED', false],
    ['legacy token', 403, 9647, 'FORBIDDEN', false],
    ['facilitator account', 403, 9637, 'FORBIDDEN', false],
    ['too many requests', 429, 9646, 'RATE_LIMITED', true],
    ['429 without a body number', 429, undefined, 'RATE_LIMITED', true],
    ['not enough licenses', 400, 9709, 'LICENSES_EXHAUSTED', false],
    ['unknown user', 400, 9609, 'UNKNOWN_USER', false],
    ['user already exists', 400, 9716, 'USER_ALREADY_EXISTS', false],
    ['not device-assignable', 400, 9707, 'NOT_DEVICE_ASSIGNABLE', false],
    ['not revocable', 400, 9706, 'NOT_REVOCABLE', false],
    ['bad page index', 400, 9650, 'INVALID_PAGE', false],
    ['unknown version id', 400, 9721, 'UNKNOWN_VERSION', false],
    ['unknown event id', 400, 9708, 'UNKNOWN_EVENT', false],
    ['too many assets', 400, 9700, 'LIMIT_EXCEEDED', false],
    ['too many users', 400, 9714, 'LIMIT_EXCEEDED', false],
    ['notification URL unreachable', 400, 9728, 'NOTIFICATION_CONFIG_REJECTED', false],
    ['notification URL not HTTPS', 400, 9712, 'NOTIFICATION_CONFIG_REJECTED', false],
    ['invalid argument', 400, 9602, 'INVALID_REQUEST', false],
    ['unsupported method', 405, 9726, 'INVALID_REQUEST', false],
    ['unsupported content type', 415, 9727, 'INVALID_REQUEST', false],
    ['service removed', 410, 9634, 'SERVICE_GONE', false],
    ['internal error', 500, 9603, 'SERVER_ERROR', true],
    ['temporarily unavailable', 503, 9729, 'SERVER_ERROR', true],
    ['bare 502', 502, undefined, 'SERVER_ERROR', true],
    ['an error number Apple added later', 400, 9999, 'INVALID_REQUEST', false],
    ['a redirect (not followed)', 302, undefined, 'UNKNOWN', false],
  ])('%s (HTTP %i, %s) is %s', async (_, status, errorNumber, kind, retryable) => {
    const { apple, client } = setUpClient(noRetry);
    apple.on('GET', '/client/config', () =>
      errorNumber === undefined ? { status, text: '' } : appleError(errorNumber, status, 'Apple says no'),
    );
    const error = await caught(() => client.getClientConfig());
    expect(error).toBeInstanceOf(AppleVppError);
    const vppError = error as AppleVppError;
    expect(vppError.kind).toBe(kind);
    expect(vppError.retryable).toBe(retryable);
    expect(vppError.httpStatus).toBe(status);
    expect(vppError.errorNumber).toBe(errorNumber);
    expect(vppError.endpoint).toBe('/client/config');
    expect(vppError.method).toBe('GET');
    if (errorNumber !== undefined) {
      expect(vppError.errorMessage).toBe('Apple says no');
      expect(vppError.message).toContain(String(errorNumber));
    }
  });

  it('treats an error body on HTTP 200 as an error', async () => {
    const { apple, client } = setUpClient(noRetry);
    apple.on('GET', '/client/config', () => ({
      status: 200,
      json: { errorNumber: 9625, errorMessage: 'revoked' },
    }));
    const error = (await caught(() => client.getClientConfig())) as AppleVppError;
    expect(error.kind).toBe('TOKEN_REVOKED');
    expect(error.httpStatus).toBe(200);
    expect(error.errorNumber).toBe(9625);
  });

  it('classifies an unknown error number on HTTP 200 as UNKNOWN', async () => {
    const { apple, client } = setUpClient(noRetry);
    apple.on('GET', '/client/config', () => ({ status: 200, json: { errorNumber: 9998 } }));
    const error = (await caught(() => client.getClientConfig())) as AppleVppError;
    expect(error.kind).toBe('UNKNOWN');
    expect(error.retryable).toBe(false);
  });

  it('keeps errorInfo from the body', async () => {
    const { apple, client } = setUpClient(noRetry);
    apple.on('POST', '/assets/associate', () => ({
      status: 400,
      json: {
        errorNumber: 9707,
        errorMessage: 'not device assignable',
        errorInfo: { serialNumbers: ['C02X'] },
      },
    }));
    const error = (await caught(() =>
      client.associateAssets({ assets: [{ adamId: '1' }], serialNumbers: ['C02X'] }),
    )) as AppleVppError;
    expect(error.kind).toBe('NOT_DEVICE_ASSIGNABLE');
    expect(error.errorInfo).toEqual({ serialNumbers: ['C02X'] });
  });

  it('reports a body that is not JSON as INVALID_RESPONSE', async () => {
    const { apple, client } = setUpClient(noRetry);
    apple.on('GET', '/client/config', () => ({ status: 200, text: '<html>maintenance</html>' }));
    const error = (await caught(() => client.getClientConfig())) as AppleVppError;
    expect(error.kind).toBe('INVALID_RESPONSE');
    expect(error.retryable).toBe(false);
  });

  it('reports a network failure as NETWORK and a hung request as TIMEOUT', async () => {
    const { apple, client } = setUpClient({ ...noRetry, timeoutMs: 5_000 });
    apple.on('GET', '/client/config', connectionReset);
    const network = (await caught(() => client.getClientConfig())) as AppleVppError;
    expect(network.kind).toBe('NETWORK');
    expect(network.httpStatus).toBeUndefined();
    expect(network.message).toContain('ECONNRESET');

    apple.on('GET', '/client/config', hang);
    const timeout = (await caught(() => client.getClientConfig())) as AppleVppError;
    expect(timeout.kind).toBe('TIMEOUT');
    expect(timeout.retryable).toBe(true);
  });

  it('reports a caller abort as ABORTED', async () => {
    const { apple, client } = setUpClient();
    apple.on('GET', '/client/config', hang);
    const controller = new AbortController();
    const pending = caught(() => client.getClientConfig({ signal: controller.signal }));
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    const error = (await pending) as AppleVppError;
    expect(error.kind).toBe('ABORTED');
    expect(apple.requestsTo('GET', '/client/config')).toHaveLength(1);
  });
});

describe('response validation', () => {
  it('names the field path of a mismatch', async () => {
    const { apple, client } = setUpClient();
    apple.on('GET', '/assets', () => ({
      json: page('assets', [asset('1'), asset('2', { adamId: { id: 2 } })], 0, 1),
    }));
    const error = (await caught(() => client.getAssetsPage())) as AppleVppError;
    expect(error.kind).toBe('INVALID_RESPONSE');
    expect(error.issues.map((issue) => issue.path)).toEqual(['assets.1.adamId']);
    expect(error.message).toContain('assets.1.adamId');
    expect(error.message).toContain('GET /assets');
  });

  it('names a missing required field and an unknown enum value', async () => {
    const { apple, client } = setUpClient();
    const { versionId: _dropped, ...withoutVersion } = page(
      'assets',
      [asset('1', { pricingParam: 'FREE' })],
      0,
      1,
    );
    apple.on('GET', '/assets', () => ({ json: withoutVersion }));
    const error = (await caught(() => client.getAssetsPage())) as AppleVppError;
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(['assets.0.pricingParam', 'versionId']);
  });

  it('rejects a tokenExpirationDate that is not a date, naming it', async () => {
    const { apple, client } = setUpClient();
    apple.on('GET', '/client/config', () => ({ json: clientConfigBody({ tokenExpirationDate: 'soon' }) }));
    const error = (await caught(() => client.getClientConfig())) as AppleVppError;
    expect(error.issues[0]?.path).toBe('tokenExpirationDate');
  });

  it('ignores fields Apple adds later', async () => {
    const { apple, client } = setUpClient();
    apple.on('GET', '/client/config', () => ({
      json: clientConfigBody({ brandNewField: { nested: true } }),
    }));
    const config = await client.getClientConfig();
    expect(config).not.toHaveProperty('brandNewField');
    expect(config.locationName).toBe('PS01');
  });
});

describe('classifyAppleError', () => {
  it('maps asynchronous failure numbers from /status and notifications', () => {
    expect(classifyAppleError(9709)).toBe('LICENSES_EXHAUSTED');
    expect(classifyAppleError(9609)).toBe('UNKNOWN_USER');
    expect(classifyAppleError(9641)).toBe('APPLE_ACCOUNT_CONFLICT');
    expect(classifyAppleError(9644)).toBe('SERVER_ERROR');
    expect(classifyAppleError(12345)).toBe('UNKNOWN');
  });

  it('lets the error number win over the HTTP status', () => {
    expect(classifyAppleError(9621, 500)).toBe('TOKEN_EXPIRED');
    expect(classifyAppleError(undefined, 401)).toBe('NOT_AUTHORIZED');
    expect(classifyAppleError(undefined, 501)).toBe('INVALID_REQUEST');
  });

  it('only produces declared kinds', () => {
    const produced = [9601, 9602, 9603, 9609, 9621, 9625, 9634, 9646, 9650, 9700, 9706, 9707, 9708, 9709].map(
      (n) => classifyAppleError(n),
    );
    for (const kind of produced) expect(APPLE_VPP_ERROR_KINDS).toContain(kind);
  });
});
