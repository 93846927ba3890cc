import type { Db } from '@vpp/db/database';
import type { Sql } from '@vpp/db/transaction';
import { enqueueJob, enqueueJobWithPg } from '@vpp/job-queue/job-queue';
import type { z } from 'zod';

// A background job as data: its id, its payload's schema, how a copy is keyed (a second enqueue with
// the same key replaces the waiting copy), and for recurring jobs the cron that fires it. The worker
// maps each id to a handler; everything else about a job is here.

/** Enqueueing works on either handle, so a job is queued in the transaction that asks for it. */
export type JobDb = Db | Sql;

/** The configuration a recurring job's cron may depend on. */
export interface JobScheduleConfig {
  SYNC_SCHEDULE: string;
}

type Payload = z.ZodType<Record<string, unknown>, Record<string, unknown>>;

export interface JobSpec<Id extends string, S extends Payload> {
  id: Id;
  /** What the job does, for the README's jobs table and the worker's start line. */
  does: string;
  payload: S;
  /** The job key of a copy: at most one waiting copy per key. */
  key?: (payload: z.output<S>) => string;
  maxAttempts?: number;
  /** Recurring jobs: fired by this cron on every worker; the key `recurring:<id>` keeps one copy. */
  cron?: (config: JobScheduleConfig) => string;
}

export interface EnqueueOptions {
  runAt?: Date;
  /** A key of its own instead of the job's (a copy that must not replace the waiting one). */
  key?: string;
}

export interface JobDefinition<Id extends string = string, S extends Payload = Payload>
  extends JobSpec<Id, S> {
  /** Validates the payload and queues the job on `db` (inside the caller's transaction when it is one). */
  enqueue(db: JobDb, payload: z.input<S>, options?: EnqueueOptions): Promise<void>;
  /** Reads a queued job's payload; a payload that does not fit fails the job. */
  parse(raw: unknown): z.output<S>;
}

function isPrisma(db: JobDb): db is Db {
  return typeof (db as Partial<Db>).$executeRaw === 'function';
}

export function defineJob<const Id extends string, S extends Payload>(
  spec: JobSpec<Id, S>,
): JobDefinition<Id, S> {
  return {
    ...spec,
    parse: (raw) => spec.payload.parse(raw ?? {}),
    async enqueue(db, input, options = {}) {
      const payload = spec.payload.parse(input);
      const queueOptions = {
        jobKey: spec.cron ? `recurring:${spec.id}` : (options.key ?? spec.key?.(payload)),
        ...(spec.maxAttempts ? { maxAttempts: spec.maxAttempts } : {}),
        ...(options.runAt ? { runAt: options.runAt } : {}),
      };
      if (isPrisma(db)) await enqueueJob(db, spec.id, payload, queueOptions);
      else await enqueueJobWithPg(db, spec.id, payload, queueOptions);
    },
  };
}
