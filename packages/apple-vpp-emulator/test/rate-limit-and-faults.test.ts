import { describe, expect, it } from 'vitest';
import { createTestLocation, request, startEmulator } from './emulator-harness.ts';

describe('rate limit (maxRequestPerSecond per location)', () => {
  it('answers 9646 / 429 with Retry-After above the limit, per location, and recovers after a second', async () => {
    const server = await startEmulator({ rateLimit: true, limits: { maxRequestPerSecond: 5 } });
    const busy = server.apple(createTestLocation(server.emulator).vppToken);
    const quiet = server.apple(createTestLocation(server.emulator, { locationName: 'Quiet' }).vppToken);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await busy.get('/assets')).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const limited = await busy.get('/assets');
    expect(limited.body.errorNumber).toBe(9646);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await quiet.get('/assets')).status).toBe(200);
    // Service config needs no token and is not counted against a location.
    expect((await request(`${server.baseUrl}/service/config`)).status).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, 1050));
    expect((await busy.get('/assets')).status).toBe(200);
  });
});

describe('fault injection', () => {
  it('answers 429 / 9646 and 503 / 9729 with the configured Retry-After', async () => {
    const server = await startEmulator();
    const api = server.apple(createTestLocation(server.emulator).vppToken);
    await server.control('PUT', '/faults', { rate429: 1, retryAfterSeconds: 7 });
    const throttled = await api.get('/assets');
    expect([throttled.status, throttled.body.errorNumber, throttled.headers.get('retry-after')]).toEqual([
      429,
      9646,
      '7',
    ]);

    await server.control('PUT', '/faults', { rate429: 0, rate5xx: 1, retryAfterSeconds: 3 });
    const unavailable = await api.get('/assets');
    expect([
      unavailable.status,
      unavailable.body.errorNumber,
      unavailable.headers.get('retry-after'),
    ]).toEqual([503, 9729, '3']);

    expect((await server.control('DELETE', '/faults')).body.rate5xx).toBe(0);
    expect((await api.get('/assets')).status).toBe(200);
  });

  it('fails exactly the next N requests with the chosen status', async () => {
    const server = await startEmulator();
    const api = server.apple(createTestLocation(server.emulator).vppToken);
    await server.control('PUT', '/faults', { failNext: { count: 2, status: 500 } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await api.get('/users')).status);
    expect(statuses).toEqual([500, 500, 200]);
  });

  it('adds latency', async () => {
    const server = await startEmulator({ faults: { latencyMs: 120 } });
    const started = performance.now();
    await request(`${server.baseUrl}/service/config`);
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('makes the same decisions for the same seed', async () => {
    const run = async (seed: string) => {
      const server = await startEmulator({ seed, faults: { rate5xx: 0.5 } });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await request(`${server.baseUrl}/service/config`)).status);
      return statuses;
    };
    const first = await run('alpha');
    expect(await run('alpha')).toEqual(first);
    expect(first).toContain(503);
    expect(first).toContain(200);
    expect(await run('beta')).not.toEqual(first);
  });

  it('rejects fault settings out of range', async () => {
    const server = await startEmulator();
    expect((await server.control('PUT', '/faults', { rate429: 2 })).status).toBe(400);
  });
});

describe('request log', () => {
  it('records method, path, query, time, status and location, never the token', async () => {
    const server = await startEmulator();
    const { vppToken, locationId } = createTestLocation(server.emulator);
    const api = server.apple(vppToken);
    await api.get('/assignments', { adamId: '1000000001' });
    await server.apple('bm9wZQ==').get('/assets');
    await api.post('/assets/associate', { assets: [{ adamId: '1000000001' }], serialNumbers: ['S1'] });

    const log = await server.control('GET', '/requests');
    expect(log.body.requests).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/mdm/v2/assignments',
        query: { adamId: '1000000001' },
        status: 200,
        locationId,
      }),
      expect.objectContaining({ method: 'GET', path: '/mdm/v2/assets', status: 401 }),
      expect.objectContaining({ method: 'POST', path: '/mdm/v2/assets/associate', status: 200, locationId }),
    ]);
    expect(log.body.requests[0].time).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const text = JSON.stringify(log.body);
    const inner = JSON.parse(Buffer.from(vppToken, 'base64').toString('utf8')).token as string;
    expect(text).not.toContain(vppToken);
    expect(text).not.toContain(inner);

    const filtered = await server.control(
      'GET',
      `/requests?locationId=${locationId}&path=/mdm/v2/assignments`,
    );
    expect(filtered.body.requests).toHaveLength(1);
    expect((await server.control('DELETE', '/requests')).status).toBe(204);
    expect((await server.control('GET', '/requests')).body.requests).toEqual([]);
  });
});
