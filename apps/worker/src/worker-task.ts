import type { AnyJob, JobId } from '@vpp/core/jobs/jobs';
import type { Services } from '@vpp/core/services/services';
import type { z } from 'zod';

/** What a job handler gets besides its payload: the services, and which attempt this is. */
export type JobContext = Services & {
  jobId: string;
  attempt: number;
  maxAttempts: number;
  /** Aborted when the worker stops: a long job ends at its next safe point (a sync: a page boundary). */
  signal: AbortSignal;
};

/** A job handler: gets the job's parsed payload; throwing makes the queue retry with backoff. */
export type JobHandler<Id extends JobId> = (
  payload: z.output<Extract<AnyJob, { id: Id }>['payload']>,
  context: JobContext,
) => Promise<void>;

/** Every job id mapped to its handler: a job without one does not compile. */
export type JobHandlers = { [Id in JobId]: JobHandler<Id> };
