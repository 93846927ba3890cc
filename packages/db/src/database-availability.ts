import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';

// Telling "the database cannot be reached right now" apart from every other error, for the API
// (503 + Retry-After instead of 500), the worker (wait and recover instead of losing capacity) and
// the start-up of both (wait with backoff instead of crashing).

/** SQLSTATEs that mean the server is going away, starting up or not reachable. */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown (pg_ctl stop -m fast)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down, in recovery)
  '57P05', // idle_session_timeout
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08004', // sqlserver_rejected_establishment_of_sqlconnection
  '08006', // connection_failure
  '53300', // too_many_connections
]);

/** Socket errors of a server that is down or unreachable. */
const UNAVAILABLE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
]);

/** Prisma's codes for an unreachable server, a closed connection and connection timeouts. */
const UNAVAILABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);

/** Driver-adapter error kinds (Prisma's pg adapter) that mean the same. */
const UNAVAILABLE_ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);

/** What node-postgres says when a connection dies, cannot be made in time, or a query never answers. */
const UNAVAILABLE_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /query read timeout/i,
  /client has encountered a connection error/i,
  /connection (?:is )?closed/i,
  /can't reach database server/i,
  /server has closed the connection/i,
  /the database system is (?:starting up|shutting down|in recovery mode)/i,
  /terminating connection due to administrator command/i,
  /\bECONNREFUSED\b/,
];

/** Why the database is unavailable, in a few words (for one brief log line), or null when it is not that. */
export function databaseUnavailableReason(error: unknown, depth = 0): string | null {
  if (depth > 6 || error === null || typeof error !== 'object') return null;
  const candidate = error as {
    code?: unknown;
    kind?: unknown;
    message?: unknown;
    cause?: unknown;
    meta?: { driverAdapterError?: unknown };
    name?: unknown;
  };
  const code = typeof candidate.code === 'string' ? candidate.code : undefined;
  if (code && UNAVAILABLE_SQLSTATES.has(code)) return code;
  if (code && UNAVAILABLE_ERRNOS.has(code)) return code;
  if (code && UNAVAILABLE_PRISMA_CODES.has(code)) return `prisma ${code}`;
  // Prisma's pg adapter: { kind: 'postgres', code: SQLSTATE } is caught by the code check above.
  if (typeof candidate.kind === 'string' && UNAVAILABLE_ADAPTER_KINDS.has(candidate.kind))
    return candidate.kind;
  if (candidate.name === 'PrismaClientInitializationError') return 'prisma cannot connect';
  // AggregateError (a connect attempt to several addresses) and wrappers keep the cause inside.
  const nested = [
    candidate.cause,
    candidate.meta?.driverAdapterError,
    ...((error as { errors?: unknown[] }).errors ?? []),
  ];
  for (const inner of nested) {
    const reason = databaseUnavailableReason(inner, depth + 1);
    if (reason) return reason;
  }
  const message = typeof candidate.message === 'string' ? candidate.message : '';
  const matched = UNAVAILABLE_MESSAGES.find((pattern) => pattern.test(message));
  return matched ? message.split('\n')[0]?.slice(0, 120) || 'connection lost' : null;
}

export function isDatabaseUnavailable(error: unknown): boolean {
  return databaseUnavailableReason(error) !== null;
}

export interface WaitLogger {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export interface WaitForDatabaseOptions {
  logger: WaitLogger;
  /** First pause between attempts; doubled after each, up to maxDelayMs. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Gives up (rethrowing the last error) when aborted. */
  signal?: AbortSignal;
  /** The same wait for any probe, e.g. migrations check; default `SELECT 1`. */
  probe?: () => Promise<unknown>;
  /** What is waiting, for the log. */
  what?: string;
}

/**
 * Returns once the database answers, retrying with backoff while it cannot be reached (one brief
 * warn line per attempt). Any other error (a wrong password, a missing database) is thrown at once.
 */
export async function waitForDatabase(
  pool: Pick<pg.Pool, 'query'>,
  options: WaitForDatabaseOptions,
): Promise<void> {
  const { logger, signal } = options;
  const maxDelayMs = options.maxDelayMs ?? 10_000;
  let delayMs = options.initialDelayMs ?? 500;
  const probe = options.probe ?? (() => pool.query('SELECT 1'));
  for (let attempt = 1; ; attempt += 1) {
    try {
      await probe();
      if (attempt > 1) logger.info({ attempt }, `${options.what ?? 'start-up'}: the database is reachable`);
      return;
    } catch (error) {
      const reason = databaseUnavailableReason(error);
      if (!reason || signal?.aborted) throw error;
      logger.warn(
        { attempt, reason, retryInMs: delayMs },
        `${options.what ?? 'start-up'}: waiting for the database (${reason})`,
      );
    }
    await sleep(delayMs, undefined, signal ? { signal } : undefined);
    delayMs = Math.min(maxDelayMs, delayMs * 2);
  }
}
