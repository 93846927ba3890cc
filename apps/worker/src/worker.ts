import type { AppConfig } from '@vpp/config/config';
import type { JobDefinition } from '@vpp/core/jobs/job-definition';
import {
  type AnyJob,
  allJobs,
  type JobId,
  reconcileDeploymentsJob,
  resumeStalledSyncsJob,
} from '@vpp/core/jobs/jobs';
import { buildServices, type ServiceOverrides, type Services } from '@vpp/core/services/services';
import type { Database } from '@vpp/db/database';
import { databaseUnavailableReason } from '@vpp/db/database-availability';
import { installJobQueue } from '@vpp/job-queue/job-queue';
import type { TaskList } from 'graphile-worker';
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import { startWorkerHealthServer } from './health-server.ts';
import { type SupervisedQueue, superviseQueue } from './queue-supervisor.ts';
import { pruneRateLimitBuckets } from './tasks/auth-handlers.ts';
import {
  checkAppleEventTask,
  confirmMdmInstall,
  progressDeploymentTask,
  reconcileDeploymentsTask,
  releaseCheckedOutDevice,
  releaseDeletedDevice,
  releaseLongUnenrolledDevices,
  resumeStalledDeploymentsTask,
  retryShortfalls,
} from './tasks/deployment-handlers.ts';
import {
  compactLicenseHistoryTask,
  deliverAlertTask,
  evaluateAlertsPeriodically,
  evaluateAlertsTask,
  runScheduledReclaimsTask,
  weeklyLicenseReportTask,
} from './tasks/license-intelligence-handlers.ts';
import {
  forgetPassKeysOfEndedRuns,
  pruneOldRuns,
  resumeStalledSyncs,
  runScheduledSync,
  scheduleAllSyncs,
  syncToken,
} from './tasks/sync-handlers.ts';
import type { JobHandler, JobHandlers } from './worker-task.ts';

// The worker maps each job id (core/jobs) to its handler, and nothing else: payload schemas, job
// keys and crons are part of the job definitions.
export const jobHandlers: JobHandlers = {
  'sync-token': syncToken,
  'schedule-syncs': scheduleAllSyncs,
  'scheduled-sync': runScheduledSync,
  'resume-stalled-syncs': resumeStalledSyncs,
  'forget-orphan-pass-keys': forgetPassKeysOfEndedRuns,
  'retry-license-shortfalls': retryShortfalls,
  'progress-deployment': progressDeploymentTask,
  'resume-stalled-deployments': resumeStalledDeploymentsTask,
  'reconcile-deployments': reconcileDeploymentsTask,
  'check-apple-event': checkAppleEventTask,
  'confirm-mdm-install': confirmMdmInstall,
  'release-checked-out-device': releaseCheckedOutDevice,
  'release-deleted-device': releaseDeletedDevice,
  'release-long-unenrolled-devices': releaseLongUnenrolledDevices,
  'prune-rate-limit-buckets': pruneRateLimitBuckets,
  'prune-old-sync-runs': pruneOldRuns,
  'evaluate-alerts': evaluateAlertsTask,
  'evaluate-alerts-periodically': evaluateAlertsPeriodically,
  'deliver-alert': deliverAlertTask,
  'compact-license-history': compactLicenseHistoryTask,
  'weekly-license-report': weeklyLicenseReportTask,
  'run-scheduled-reclaims': runScheduledReclaimsTask,
};

/** What a worker starts from: the configuration and database, plus any service a test brings. */
export type WorkerStartDeps = { config: AppConfig; database: Database; logger: Logger } & ServiceOverrides;

export interface RunningWorker {
  stop(): Promise<void>;
  /** Enqueues a recurring job now, as its cron would (for operators and tests). */
  fire(jobId: JobId): Promise<void>;
  /** The queue under supervision: its runner is replaced after a slot was lost in an outage. */
  queue: SupervisedQueue;
  /** The health check's port, when WORKER_HEALTH_PORT is set. */
  healthPort: number | null;
}

function taskFor(job: AnyJob, services: Services, signal: AbortSignal): TaskList[string] {
  const handler = jobHandlers[job.id] as JobHandler<JobId>;
  return async (raw, helpers) => {
    const logger = services.logger.child({
      task: job.id,
      jobId: helpers.job.id,
      attempt: helpers.job.attempts,
    });
    try {
      await handler(job.parse(raw) as never, {
        ...services,
        logger,
        jobId: helpers.job.id,
        attempt: helpers.job.attempts,
        maxAttempts: helpers.job.max_attempts,
        signal,
      });
    } catch (error) {
      // The one error path for jobs: log with context, then let the queue retry with backoff. A job
      // cut off by a database outage is one brief line; it is retried when the database is back.
      const outage = databaseUnavailableReason(error);
      if (outage) logger.warn({ reason: outage }, 'job failed: the database cannot be reached');
      else logger.error({ err: error }, 'job failed');
      throw error;
    }
  };
}

export async function startWorker(
  deps: WorkerStartDeps | Services,
  concurrency = deps.config.SYNC_CONCURRENCY,
): Promise<RunningWorker> {
  const services = 'close' in deps ? deps : buildServices(deps.config, deps);
  const { database, logger, config } = services;
  await installJobQueue(database.pool, logger);

  // Aborted by stop(): long jobs (a sync) end at their next safe point and resume elsewhere.
  const stopping = new AbortController();
  const queue = await superviseQueue({
    pool: database.pool,
    taskList: Object.fromEntries(allJobs.map((job) => [job.id, taskFor(job, services, stopping.signal)])),
    concurrency,
    logger,
    pollIntervalMs: 1000,
  });

  const byId = new Map<string, JobDefinition>(
    allJobs.map((job) => [job.id, job as unknown as JobDefinition]),
  );
  const fire = async (jobId: JobId) => {
    const job = byId.get(jobId);
    if (!job?.cron) throw new Error(`${jobId} is not a recurring job`);
    await job.enqueue(database.prisma, {});
  };
  const scheduled: ScheduledTask[] = allJobs.flatMap((job) =>
    job.cron
      ? [
          cron.schedule(job.cron(config), () => {
            fire(job.id).catch((error: unknown) => {
              const outage = databaseUnavailableReason(error);
              if (outage)
                logger.warn({ reason: outage, task: job.id }, 'could not enqueue: database unavailable');
              else logger.error({ err: error, task: job.id }, 'could not enqueue');
            });
          }),
        ]
      : [],
  );
  // A worker that starts after a crash resumes the runs the crashed one left behind.
  await fire(resumeStalledSyncsJob.id);
  // … and the deployments: the reconciler resumes them and re-checks what a crash left unsure.
  await fire(reconcileDeploymentsJob.id);
  const healthServer =
    config.WORKER_HEALTH_PORT === undefined
      ? null
      : await startWorkerHealthServer({
          port: config.WORKER_HEALTH_PORT,
          health: () => queue.health(),
          pool: database.pool,
        });
  logger.info(
    { concurrency, tasks: allJobs.map((job) => job.id), healthPort: healthServer?.port },
    'worker started',
  );

  let stopped = false;
  return {
    queue,
    healthPort: healthServer?.port ?? null,
    fire,
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const task of scheduled) await task.stop();
      // Running jobs finish (a sync at its next page boundary); waiting jobs stay in the queue.
      stopping.abort();
      await queue.stop();
      await healthServer?.close();
      logger.info('worker stopped');
    },
  };
}
