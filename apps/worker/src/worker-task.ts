import type { AppConfig } from '@vpp/config/config';
import type { Database } from '@vpp/db/database';
import type { Logger } from 'pino';

export interface WorkerDeps {
  config: AppConfig;
  database: Database;
  logger: Logger;
  now: () => Date;
}

/** A job handler: gets the job's payload and the worker's dependencies; throwing makes the queue retry. */
export type WorkerTask = (
  payload: unknown,
  deps: WorkerDeps & { jobId: string; attempt: number },
) => Promise<void>;

/** A recurring job: node-cron fires it on every replica, the queue's job key keeps one copy. */
export interface RecurringJob {
  task: string;
  cron: string;
}
