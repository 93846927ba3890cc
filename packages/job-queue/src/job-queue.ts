import type { Db } from '@vpp/db/database';
import { Logger as GraphileLogger, runMigrations } from 'graphile-worker';
import type pg from 'pg';

// Background work goes through graphile-worker's Postgres queue: jobs are added with SQL, so a
// job can be enqueued in the same transaction as the row that asks for it.

export const JOB_QUEUE_SCHEMA = 'graphile_worker';

export interface StructuredLogger {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

/** graphile-worker's logger interface, writing into our structured log. */
export function queueLogger(logger: StructuredLogger): GraphileLogger {
  return new GraphileLogger((scope) => (level, message, meta) => {
    // The queue's own info lines (a line per completed job) are debug detail in our log.
    const method = level === 'error' ? 'error' : level === 'warning' ? 'warn' : 'debug';
    logger[method]({ queue: scope, ...meta }, message);
  });
}

/** Creates or upgrades the queue's own schema. Idempotent; API and worker both call it at start. */
export async function installJobQueue(pool: pg.Pool, logger: StructuredLogger): Promise<void> {
  await runMigrations({ pgPool: pool, schema: JOB_QUEUE_SCHEMA, logger: queueLogger(logger) });
}

export interface EnqueueOptions {
  /** Jobs with the same queue name run one at a time, in order, whatever the number of workers. */
  queueName?: string;
  /** A second job with the same key replaces the waiting one instead of queueing twice. */
  jobKey?: string;
  runAt?: Date;
  maxAttempts?: number;
  priority?: number;
}

export async function enqueueJob(
  db: Db,
  task: string,
  payload: Record<string, unknown>,
  options: EnqueueOptions = {},
): Promise<void> {
  await db.$executeRaw`
    SELECT graphile_worker.add_job(
      identifier => ${task}::text,
      payload => ${JSON.stringify(payload)}::json,
      queue_name => ${options.queueName ?? null}::text,
      run_at => ${options.runAt ?? null}::timestamptz,
      max_attempts => ${options.maxAttempts ?? 25}::int,
      job_key => ${options.jobKey ?? null}::text,
      priority => ${options.priority ?? 0}::int
    )`;
}

/** The same as enqueueJob, for code that works with a plain pg client (inside its own transaction). */
export async function enqueueJobWithPg(
  client: Pick<pg.PoolClient, 'query'>,
  task: string,
  payload: Record<string, unknown>,
  options: EnqueueOptions = {},
): Promise<void> {
  await client.query(
    `SELECT graphile_worker.add_job(identifier => $1::text, payload => $2::json, queue_name => $3::text,
            run_at => $4::timestamptz, max_attempts => $5::int, job_key => $6::text, priority => $7::int)`,
    [
      task,
      JSON.stringify(payload),
      options.queueName ?? null,
      options.runAt ?? null,
      options.maxAttempts ?? 25,
      options.jobKey ?? null,
      options.priority ?? 0,
    ],
  );
}

export interface QueueDepth {
  waiting: number;
  running: number;
  failed: number;
}

export async function readQueueDepth(db: Db): Promise<QueueDepth> {
  const [row] = await db.$queryRaw<{ waiting: bigint; running: bigint; failed: bigint }[]>`
    SELECT
      count(*) FILTER (WHERE locked_at IS NULL AND attempts < max_attempts) AS waiting,
      count(*) FILTER (WHERE locked_at IS NOT NULL) AS running,
      count(*) FILTER (WHERE locked_at IS NULL AND attempts >= max_attempts) AS failed
    FROM graphile_worker.jobs`;
  return {
    waiting: Number(row?.waiting ?? 0),
    running: Number(row?.running ?? 0),
    failed: Number(row?.failed ?? 0),
  };
}

/**
 * Unlocks the jobs (and job queues) held by queue workers that are gone, so they run again at once
 * instead of after the queue's 4-hour lock timeout. Used after a worker slot died because the
 * database could not record its job's result.
 */
export async function forceUnlockWorkers(pool: Pick<pg.Pool, 'query'>, workerIds: string[]): Promise<void> {
  if (workerIds.length === 0) return;
  await pool.query(`SELECT ${JOB_QUEUE_SCHEMA}.force_unlock_workers($1::text[])`, [workerIds]);
}
