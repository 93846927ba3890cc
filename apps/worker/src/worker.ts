import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { createVppClientFactory } from '@vpp/apple-vpp-client';
import { createHttpMdmGateway, type MdmGateway } from '@vpp/core/mdm/mdm-gateway';
import { installationId } from '@vpp/core/tokens/installation-identity';
import { createTokenCipher } from '@vpp/core/tokens/token-cipher';
import { enqueueJob, installJobQueue, queueLogger } from '@vpp/job-queue/job-queue';
import { type Runner, run, type TaskList } from 'graphile-worker';
import cron, { type ScheduledTask } from 'node-cron';
import {
  CHECK_APPLE_EVENT_TASK,
  checkAppleEventTask,
  PROGRESS_DEPLOYMENT_TASK,
  progressDeploymentTask,
} from './tasks/deployments.ts';
import { PRUNE_RATE_LIMIT_BUCKETS, pruneRateLimitBuckets } from './tasks/prune-rate-limit-buckets.ts';
import { RESUME_STALLED_SYNCS, resumeStalledSyncs } from './tasks/resume-stalled-syncs.ts';
import {
  runScheduledSync,
  SCHEDULE_SYNCS_TASK,
  SCHEDULED_SYNC_TASK,
  scheduleAllSyncs,
} from './tasks/schedule-syncs.ts';
import { SYNC_TOKEN_TASK, syncToken } from './tasks/sync-token.ts';
import type { RecurringJob, WorkerDeps, WorkerTask } from './worker-task.ts';

export const workerTasks: Record<string, WorkerTask> = {
  [PRUNE_RATE_LIMIT_BUCKETS]: pruneRateLimitBuckets,
  [SYNC_TOKEN_TASK]: syncToken,
  [RESUME_STALLED_SYNCS]: resumeStalledSyncs,
  [SCHEDULE_SYNCS_TASK]: scheduleAllSyncs,
  [SCHEDULED_SYNC_TASK]: runScheduledSync,
  [PROGRESS_DEPLOYMENT_TASK]: progressDeploymentTask,
  [CHECK_APPLE_EVENT_TASK]: checkAppleEventTask,
};

export function recurringJobs(config: WorkerDeps['config']): RecurringJob[] {
  return [
    { task: PRUNE_RATE_LIMIT_BUCKETS, cron: '17 * * * *' },
    { task: RESUME_STALLED_SYNCS, cron: '* * * * *' },
    { task: SCHEDULE_SYNCS_TASK, cron: config.SYNC_SCHEDULE },
  ];
}

export type WorkerStartDeps = Omit<
  WorkerDeps,
  'cipher' | 'appleClients' | 'workerId' | 'mdmGateway' | 'installationId'
> &
  Partial<WorkerDeps>;

/** The installation id never changes once made: read it once, not on every sync. */
function rememberInstallationId(database: WorkerDeps['database']): () => Promise<string> {
  let id: Promise<string> | undefined;
  return () => {
    id ??= installationId(database.prisma).catch((error: unknown) => {
      id = undefined;
      throw error;
    });
    return id;
  };
}

/** Commands reach devices through the configured gateway; without one, deployments stop at LICENSED. */
function mdmGatewayFromConfig(config: WorkerDeps['config']): MdmGateway | null {
  const callbackUrl =
    config.MDM_EVENTS_CALLBACK_URL ??
    (config.PUBLIC_URL ? new URL('/api/mdm/events', config.PUBLIC_URL).toString() : null);
  if (!config.MDM_GATEWAY_URL || !callbackUrl || !config.MDM_EVENTS_SECRET) return null;
  return createHttpMdmGateway({
    commandsUrl: config.MDM_GATEWAY_URL,
    callbackUrl,
    callbackToken: config.MDM_EVENTS_SECRET,
  });
}

/** The worker's collaborators, from configuration unless a test passes its own. */
export function completeWorkerDeps(deps: WorkerStartDeps): WorkerDeps {
  return {
    ...deps,
    cipher: deps.cipher ?? createTokenCipher(deps.config.TOKEN_ENCRYPTION_KEY),
    appleClients:
      deps.appleClients ??
      createVppClientFactory({
        baseUrl: deps.config.APPLE_VPP_BASE_URL,
        logger: deps.logger.child({ component: 'apple-vpp' }),
      }),
    workerId: deps.workerId ?? `worker-${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
    mdmGateway: deps.mdmGateway !== undefined ? deps.mdmGateway : mdmGatewayFromConfig(deps.config),
    installationId: deps.installationId ?? rememberInstallationId(deps.database),
  };
}

export interface RunningWorker {
  stop(): Promise<void>;
  /** Enqueues a recurring job now, as its cron would (for operators and tests). */
  fire(task: string): Promise<void>;
  runner: Runner;
}

export async function startWorker(
  startDeps: WorkerStartDeps,
  concurrency = startDeps.config.SYNC_CONCURRENCY,
): Promise<RunningWorker> {
  const deps = completeWorkerDeps(startDeps);
  const { database, logger } = deps;
  await installJobQueue(database.pool, logger);

  const taskList: TaskList = Object.fromEntries(
    Object.entries(workerTasks).map(([name, task]) => [
      name,
      async (payload, helpers) => {
        const jobLogger = logger.child({ task: name, jobId: helpers.job.id, attempt: helpers.job.attempts });
        try {
          await task(payload, {
            ...deps,
            logger: jobLogger,
            jobId: helpers.job.id,
            attempt: helpers.job.attempts,
            maxAttempts: helpers.job.max_attempts,
          });
        } catch (error) {
          // The one error path for jobs: log with context, then let the queue retry with backoff.
          jobLogger.error({ err: error }, 'job failed');
          throw error;
        }
      },
    ]),
  );

  const runner = await run({
    pgPool: database.pool,
    taskList,
    concurrency,
    noHandleSignals: true,
    pollInterval: 1000,
    // Recurring jobs come from node-cron below, not from graphile-worker's crontab file.
    crontab: '',
    logger: queueLogger(logger),
  });

  const fire = (task: string) => enqueueJob(database.prisma, task, {}, { jobKey: `recurring:${task}` });
  const scheduled: ScheduledTask[] = recurringJobs(deps.config).map((job) =>
    cron.schedule(job.cron, () => {
      fire(job.task).catch((error: unknown) =>
        logger.error({ err: error, task: job.task }, 'could not enqueue'),
      );
    }),
  );
  // A worker that starts after a crash resumes the runs the crashed one left behind.
  await fire(RESUME_STALLED_SYNCS);
  logger.info({ concurrency, tasks: Object.keys(workerTasks) }, 'worker started');

  let stopped = false;
  return {
    runner,
    fire,
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const task of scheduled) await task.stop();
      // Lets running jobs finish; waiting jobs stay in the queue for the next worker.
      await runner.stop();
      logger.info('worker stopped');
    },
  };
}
