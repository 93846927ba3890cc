import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type pg from 'pg';
import type { QueueHealth } from './queue-supervisor.ts';

// The worker's health check (WORKER_HEALTH_PORT): a tiny HTTP server beside the queue.
//   GET /healthz — 200 while the queue is processing: every slot alive and either busy or polling
//                  for jobs; 503 when slots are lost or nobody has asked the queue for work lately.
//   GET /readyz  — the same, and the database answers (503 while it cannot be reached).
// Both answer JSON with the figures behind the verdict.

/** An idle slot asks the queue every second; this long without a poll means nothing processes. */
const POLL_STALE_MS = 15_000;
const DATABASE_PROBE_TIMEOUT_MS = 2_000;

export interface WorkerHealthReport {
  status: 'ok' | 'unavailable';
  processing: boolean;
  database: 'ok' | 'unavailable' | 'not-checked';
  queue: QueueHealth;
}

export function isProcessing(health: QueueHealth, now = Date.now()): boolean {
  if (health.recovering || health.liveSlots < health.concurrency) return false;
  if (health.busySlots >= health.liveSlots) return true;
  return health.lastPollAt !== null && now - health.lastPollAt < POLL_STALE_MS;
}

async function databaseAnswers(pool: Pick<pg.Pool, 'query'>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), DATABASE_PROBE_TIMEOUT_MS);
  });
  const probe = pool.query('SELECT 1').then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function workerHealth(
  queueHealth: QueueHealth,
  pool: Pick<pg.Pool, 'query'>,
  checkDatabase: boolean,
): Promise<WorkerHealthReport> {
  const processing = isProcessing(queueHealth);
  const database = checkDatabase ? ((await databaseAnswers(pool)) ? 'ok' : 'unavailable') : 'not-checked';
  return {
    status: processing && database !== 'unavailable' ? 'ok' : 'unavailable',
    processing,
    database,
    queue: queueHealth,
  };
}

export interface WorkerHealthServer {
  port: number;
  close(): Promise<void>;
}

export async function startWorkerHealthServer(options: {
  port: number;
  host?: string;
  health: () => QueueHealth;
  pool: Pick<pg.Pool, 'query'>;
}): Promise<WorkerHealthServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || (path !== '/healthz' && path !== '/readyz')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"status":"not-found"}');
      return;
    }
    workerHealth(options.health(), options.pool, path === '/readyz').then(
      (report) => {
        res
          .writeHead(report.status === 'ok' ? 200 : 503, {
            'content-type': 'application/json',
            'cache-control': 'no-store',
          })
          .end(JSON.stringify(report));
      },
      () => res.writeHead(503).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
