import { afterEach, describe, expect, it } from 'vitest';
import { isProcessing, startWorkerHealthServer, type WorkerHealthServer } from '../src/health-server.ts';
import type { QueueHealth } from '../src/queue-supervisor.ts';

const healthy: QueueHealth = {
  liveSlots: 2,
  busySlots: 0,
  concurrency: 2,
  slotsLost: 0,
  runnerRestarts: 0,
  recovering: false,
  lastPollAt: Date.now(),
  databaseUnavailable: false,
};

describe('isProcessing', () => {
  it('is true with every slot alive and polling or busy, false with a slot lost or nobody polling', () => {
    const now = Date.now();
    expect(isProcessing(healthy, now)).toBe(true);
    expect(isProcessing({ ...healthy, busySlots: 2, lastPollAt: now - 600_000 }, now)).toBe(true);
    expect(isProcessing({ ...healthy, liveSlots: 1 }, now)).toBe(false);
    expect(isProcessing({ ...healthy, recovering: true }, now)).toBe(false);
    expect(isProcessing({ ...healthy, lastPollAt: now - 60_000 }, now)).toBe(false);
    expect(isProcessing({ ...healthy, lastPollAt: null }, now)).toBe(false);
  });
});

describe('the worker health server', () => {
  let server: WorkerHealthServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('answers /healthz from the queue, /readyz from the queue and the database, 404 otherwise', async () => {
    let queue = healthy;
    let databaseUp = true;
    server = await startWorkerHealthServer({
      port: 0,
      host: '127.0.0.1',
      health: () => queue,
      pool: {
        query: (async () => {
          if (!databaseUp) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
          return { rows: [] };
        }) as never,
      },
    });
    const get = async (path: string) => {
      const response = await fetch(`http://127.0.0.1:${server?.port}${path}`);
      return { status: response.status, body: await response.json() };
    };
    expect(await get('/readyz')).toMatchObject({ status: 200, body: { status: 'ok', database: 'ok' } });
    databaseUp = false;
    expect(await get('/readyz')).toMatchObject({
      status: 503,
      body: { status: 'unavailable', database: 'unavailable', processing: true },
    });
    expect(await get('/healthz')).toMatchObject({ status: 200, body: { database: 'not-checked' } });
    queue = { ...healthy, liveSlots: 1, recovering: true };
    expect(await get('/healthz')).toMatchObject({
      status: 503,
      body: { processing: false, queue: { liveSlots: 1, concurrency: 2 } },
    });
    expect((await get('/elsewhere')).status).toBe(404);
  });
});
