import { describe, expect, it } from 'vitest';
import type { AppleVppError } from '../src/apple-vpp-error.ts';
import { ServiceConfigCache } from '../src/service-config-cache.ts';
import { createVppClient, DEFAULT_APPLE_VPP_BASE_URL, type ResponseMetadata } from '../src/vpp-client.ts';
import { clientConfigBody, makeSToken, S_TOKEN, serviceConfigBody, UID } from './apple-fixtures.ts';
import { caught, setUpClient } from './client-under-test.ts';
import { BASE_URL, FakeApple } from './fake-apple.ts';
import { FakeClock } from './fake-clock.ts';

describe('service config', () => {
  it('is read without authentication and parsed', async () => {
    const { apple, client } = setUpClient();
    const config = await client.getServiceConfig();
    const [request] = apple.requestsTo('GET', '/service/config');
    expect(request?.url.href).toBe(`${BASE_URL}/service/config`);
    expect(request?.headers.authorization).toBeUndefined();
    expect(config.limits.maxAssets).toBe(25);
    expect(config.urls.contentMetadataLookup).toContain('uclient-api.itunes.apple.com');
    expect(config.errorCodes[0]).toEqual({ errorNumber: 9601, errorMessage: 'Login required.' });
  });

  it('is cached for 5 minutes, then read again', async () => {
    const { apple, client, clock } = setUpClient();
    await client.getServiceConfig();
    await clock.advance(4 * 60_000 + 59_000);
    await client.getServiceConfig();
    expect(apple.requestsTo('GET', '/service/config')).toHaveLength(1);
    await clock.advance(1_000);
    await client.getServiceConfig();
    expect(apple.requestsTo('GET', '/service/config')).toHaveLength(2);
  });

  it('is shared by the clients of every token on one base URL, and separate per base URL', async () => {
    const clock = new FakeClock();
    const apple = new FakeApple(clock);
    const cache = new ServiceConfigCache({ fetch: apple.fetch, clock });
    const otherToken = makeSToken({ token: 'other', expDate: '2031-01-01T00:00:00+0000', orgName: 'Other' });
    const clients = [S_TOKEN, otherToken].map((sToken) =>
      createVppClient({ baseUrl: BASE_URL, sToken, fetch: apple.fetch, clock, serviceConfigCache: cache }),
    );
    await Promise.all(clients.map((client) => client.getServiceConfig()));
    await Promise.all(clients.map((client) => client.getLimits()));
    expect(apple.requestsTo('GET', '/service/config')).toHaveLength(1);

    const otherBase = createVppClient({
      baseUrl: `${BASE_URL}/../v2-other`,
      sToken: S_TOKEN,
      fetch: apple.fetch,
      clock,
      serviceConfigCache: cache,
    });
    await otherBase.getServiceConfig().catch(() => undefined);
    expect(apple.requests.filter((request) => request.url.pathname.endsWith('/service/config'))).toHaveLength(
      2,
    );
  });

  it('falls back to the previous copy when a refresh fails', async () => {
    const { apple, client, clock, logger } = setUpClient({ retry: { maxAttempts: 1 } });
    apple.sequence('GET', '/service/config', [
      { json: serviceConfigBody({ maxAssets: 7 }) },
      { status: 503, text: '' },
    ]);
    await client.getServiceConfig();
    await clock.advance(6 * 60_000);
    const stale = await client.getServiceConfig();
    expect(stale.limits.maxAssets).toBe(7);
    expect(logger.lines.some((line) => line.level === 'warn' && line.msg.includes('previous copy'))).toBe(
      true,
    );
  });

  it('reports a malformed service config naming the field', async () => {
    const { apple, client } = setUpClient();
    apple.on('GET', '/service/config', () => ({
      json: { ...serviceConfigBody(), limits: { maxAssets: 'many' } },
    }));
    const error = (await caught(() => client.getServiceConfig())) as AppleVppError;
    expect(error.kind).toBe('INVALID_RESPONSE');
    expect(error.issues[0]?.path).toBe('limits.maxAssets');
  });

  it("fills a limit Apple leaves out with Apple's documented value", async () => {
    const { apple, client } = setUpClient();
    const body = serviceConfigBody({ maxUsers: 40 });
    const { maxRequestPerSecond: _omitted, ...limits } = body.limits;
    apple.on('GET', '/service/config', () => ({ json: { ...body, limits } }));
    await expect(client.getLimits()).resolves.toMatchObject({ maxUsers: 40, maxRequestPerSecond: 15 });
  });
});

describe('client config', () => {
  it('reads GET /client/config with the whole sToken as Bearer and parses it', async () => {
    const { apple, client } = setUpClient();
    apple.on('GET', '/client/config', () => ({ json: clientConfigBody() }));
    const config = await client.getClientConfig();
    const [request] = apple.requestsTo('GET', '/client/config');
    expect(request?.headers.authorization).toBe(`Bearer ${S_TOKEN}`);
    expect(request?.headers.accept).toBe('application/json');
    expect(request?.rawBody).toBeUndefined();
    expect(config).toEqual({
      uId: UID,
      tokenExpirationDate: new Date('2030-11-08T22:33:22.000Z'),
      mdmInfo: { id: '522d5c43-44ca-4f7e-ba7a-53570cf60765', name: 'VPP Console', metadata: '1.0.0' },
      countryISO2ACode: 'US',
      defaultPlatform: 'volumestore',
      locationName: 'PS01',
      notificationUrl: 'https://console.example.com/notification',
      notificationAuthToken: 'SUp3rS3Cr3t',
      subscribedNotificationTypes: ['ASSET_COUNT', 'ASSET_MANAGEMENT', 'USER_MANAGEMENT', 'USER_ASSOCIATED'],
      websiteURL: 'https://school.apple.com',
    });
  });

  it('writes POST /client/config with a JSON body', async () => {
    const { apple, client } = setUpClient();
    apple.on('POST', '/client/config', (request) => ({
      json: clientConfigBody(request.body as Record<string, unknown>),
    }));
    const update = {
      mdmInfo: { id: 'console-1', name: 'VPP Console', metadata: 'console.example.com' },
      notificationUrl: 'https://console.example.com/hooks/apple/abc',
      notificationAuthToken: 'shared-secret',
      notificationTypes: ['ASSET_MANAGEMENT' as const, 'ASSET_COUNT' as const],
    };
    const config = await client.updateClientConfig(update);
    const [request] = apple.requestsTo('POST', '/client/config');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers.authorization).toBe(`Bearer ${S_TOKEN}`);
    expect(request?.body).toEqual(update);
    expect(config.mdmInfo).toEqual(update.mdmInfo);
  });

  it('reports uId, expiry and mdmInfo of every answer to onResponseMetadata', async () => {
    const seen: ResponseMetadata[] = [];
    const { apple, client } = setUpClient({ onResponseMetadata: (metadata) => seen.push(metadata) });
    apple.on('GET', '/client/config', () => ({
      json: clientConfigBody({ mdmInfo: { id: 'other-mdm', name: 'Other', metadata: '' } }),
    }));
    await client.getClientConfig();
    expect(seen).toEqual([
      {
        endpoint: '/client/config',
        uId: UID,
        tokenExpirationDate: new Date('2030-11-08T22:33:22.000Z'),
        mdmInfo: { id: 'other-mdm', name: 'Other', metadata: '' },
      },
    ]);
  });

  it('survives an onResponseMetadata that throws', async () => {
    const { apple, client, logger } = setUpClient({
      onResponseMetadata: () => {
        throw new Error('observer broke');
      },
    });
    apple.on('GET', '/client/config', () => ({ json: clientConfigBody() }));
    await expect(client.getClientConfig()).resolves.toMatchObject({ uId: UID });
    expect(logger.lines.some((line) => line.level === 'error')).toBe(true);
  });
});

describe('createVppClient options', () => {
  it("defaults to Apple's base URL", async () => {
    const clock = new FakeClock();
    const urls: string[] = [];
    const client = createVppClient({
      sToken: S_TOKEN,
      clock,
      fetch: async (input) => {
        urls.push(String(input));
        return Response.json(serviceConfigBody());
      },
    });
    await client.getServiceConfig();
    expect(DEFAULT_APPLE_VPP_BASE_URL).toBe('https://vpp.itunes.apple.com/mdm/v2');
    expect(urls).toEqual(['https://vpp.itunes.apple.com/mdm/v2/service/config']);
  });

  it('accepts a base URL with a trailing slash', async () => {
    const { apple, client } = setUpClient({ baseUrl: `${BASE_URL}/` });
    apple.on('GET', '/client/config', () => ({ json: clientConfigBody() }));
    await client.getClientConfig();
    expect(apple.requestsTo('GET', '/client/config')[0]?.url.href).toBe(`${BASE_URL}/client/config`);
  });

  it('rejects an sToken that would corrupt the Authorization header', () => {
    expect(() => createVppClient({ sToken: 'abc\r\nX-Injected: 1' })).toThrow(TypeError);
    expect(() => createVppClient({ sToken: '   ' })).toThrow('sToken is empty');
  });
});
