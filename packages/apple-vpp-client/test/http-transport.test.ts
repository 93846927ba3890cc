import { afterEach, describe, expect, it } from 'vitest';
import type { AppleVppError } from '../src/apple-vpp-error.ts';
import { createVppClient } from '../src/vpp-client.ts';
import { clientConfigBody, eventResponseBody, S_TOKEN, serviceConfigBody } from './apple-fixtures.ts';
import { caught } from './client-under-test.ts';
import { type LocalHandler, sendJson, startLocalAppleServer } from './local-apple-server.ts';

// Real sockets and the real clock: what the client puts on the wire and how it meets a server
// that hangs, drops connections or is not there. Delays are kept to milliseconds.

const fastRetry = { initialDelayMs: 5, maxDelayMs: 20 };
const servers: { close: () => Promise<void> }[] = [];

async function serve(handler: LocalHandler) {
  const server = await startLocalAppleServer(handler);
  servers.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function routes(table: Record<string, LocalHandler>): LocalHandler {
  return (request, response) => {
    const path = new URL(request.url, 'http://local').pathname.replace(/^\/mdm\/v2/, '');
    const handler = table[`${request.method} ${path}`];
    if (handler) return handler(request, response);
    sendJson(response, 404, { errorNumber: 9602, errorMessage: 'not found' });
  };
}

describe('over a real socket', () => {
  it('sends the token, content type and JSON body Apple expects', async () => {
    const server = await serve(
      routes({
        'GET /service/config': (_, response) =>
          sendJson(response, 200, serviceConfigBody({}, { contentMetadataLookup: 'lookup' })),
        'POST /assets/associate': (_, response) => sendJson(response, 200, eventResponseBody('e-1')),
        'GET /lookup': (_, response) => sendJson(response, 200, { results: { '1': { name: 'One' } } }),
      }),
    );
    const client = createVppClient({
      baseUrl: server.baseUrl,
      sToken: `${S_TOKEN}\n`,
      userAgent: 'vpp-console-test',
    });
    await client.associateAssets({
      assets: [{ adamId: '1', pricingParam: 'STDQ' }],
      serialNumbers: ['C02X'],
    });
    await client.lookupContentMetadata(['1']);

    const config = server.received.find((request) => request.url === '/mdm/v2/service/config');
    expect(config?.headers.authorization).toBeUndefined();
    const associate = server.received.find((request) => request.url === '/mdm/v2/assets/associate');
    expect(associate?.method).toBe('POST');
    expect(associate?.headers.authorization).toBe(`Bearer ${S_TOKEN}`);
    expect(associate?.headers['content-type']).toBe('application/json');
    expect(associate?.headers.accept).toBe('application/json');
    expect(associate?.headers['user-agent']).toBe('vpp-console-test');
    expect(JSON.parse(associate?.body ?? '')).toEqual({
      assets: [{ adamId: '1', pricingParam: 'STDQ' }],
      serialNumbers: ['C02X'],
    });
    const lookup = server.received.find((request) => request.url.startsWith('/mdm/v2/lookup?'));
    expect(lookup?.headers.cookie).toBe(`itvt=${S_TOKEN}`);
  });

  it('times out a request that gets no answer', async () => {
    const server = await serve(routes({ 'GET /client/config': () => {} }));
    const client = createVppClient({
      baseUrl: server.baseUrl,
      sToken: S_TOKEN,
      timeoutMs: 150,
      retry: { ...fastRetry, maxAttempts: 2 },
    });
    const started = Date.now();
    const error = (await caught(() => client.getClientConfig())) as AppleVppError;
    expect(error.kind).toBe('TIMEOUT');
    expect(error.attempts).toBe(2);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('retries a read after the server drops the connection', async () => {
    let calls = 0;
    const server = await serve(
      routes({
        'GET /service/config': (_, response) => sendJson(response, 200, serviceConfigBody()),
        'GET /client/config': (_, response) => {
          calls += 1;
          if (calls === 1) {
            response.socket?.destroy();
            return;
          }
          sendJson(response, 200, clientConfigBody());
        },
      }),
    );
    const client = createVppClient({ baseUrl: server.baseUrl, sToken: S_TOKEN, retry: fastRetry });
    await expect(client.getClientConfig()).resolves.toMatchObject({ locationName: 'PS01' });
    expect(calls).toBe(2);
  });

  it('retries a write whose connection was refused, and says so', async () => {
    const server = await serve(
      routes({ 'GET /service/config': (_, response) => sendJson(response, 200, serviceConfigBody()) }),
    );
    const closed = await startLocalAppleServer(() => {});
    await closed.close();
    // Reads reach the server; writes go to a port nobody listens on (undici's real ECONNREFUSED).
    const routeWritesToClosedPort: typeof fetch = (input, init) =>
      init?.method === 'POST'
        ? globalThis.fetch(String(input).replace(server.baseUrl, closed.baseUrl), init)
        : globalThis.fetch(input, init);
    const client = createVppClient({
      baseUrl: server.baseUrl,
      sToken: S_TOKEN,
      fetch: routeWritesToClosedPort,
      retry: { ...fastRetry, maxAttempts: 3 },
    });
    const error = (await caught(() => client.createUsers([{ clientUserId: 'u' }]))) as AppleVppError;
    expect(error.kind).toBe('NETWORK');
    expect(error.endpoint).toBe('/users/create');
    expect(error.attempts).toBe(3);
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('honours a 429 then succeeds', async () => {
    let calls = 0;
    const server = await serve(
      routes({
        'GET /service/config': (_, response) => sendJson(response, 200, serviceConfigBody()),
        'GET /client/config': (_, response) => {
          calls += 1;
          if (calls === 1)
            return sendJson(response, 429, { errorNumber: 9646, errorMessage: 'Too many requests' });
          sendJson(response, 200, clientConfigBody());
        },
      }),
    );
    const client = createVppClient({ baseUrl: server.baseUrl, sToken: S_TOKEN, retry: fastRetry });
    await expect(client.getClientConfig()).resolves.toMatchObject({ uId: '2049025000431439' });
    expect(calls).toBe(2);
  });
});
