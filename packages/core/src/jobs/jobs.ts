import { z } from 'zod';
import { defineJob } from './job-definition.ts';

// Every background job of the product, in one list. The worker (apps/worker) maps each id to its
// handler; the API and the use cases queue jobs through `enqueue` only.

const none = z.object({});

/** One attempt at a token's sync run (retried by the queue, up to 10 attempts). */
export const syncTokenJob = defineJob({
  id: 'sync-token',
  does: "Runs one attempt at a token's sync run; resumes at the last committed page.",
  payload: z.object({ syncRunId: z.uuid() }),
  key: ({ syncRunId }) => `sync-run:${syncRunId}`,
  maxAttempts: 10,
});

export const scheduleSyncsJob = defineJob({
  id: 'schedule-syncs',
  does: "At each SYNC_SCHEDULE time: queues every syncable token's turn at its offset in the window.",
  payload: none,
  cron: (config) => config.SYNC_SCHEDULE,
});

export const scheduledSyncJob = defineJob({
  id: 'scheduled-sync',
  does: "One token's scheduled turn: requests an incremental sync (full once a week).",
  payload: z.object({ tokenId: z.uuid() }),
  key: ({ tokenId }) => `scheduled-sync:${tokenId}`,
});

/** How often crashed workers' runs are looked for: a run resumes within its lease + this. */
export const RESUME_CHECK_SECONDS = 5;

export const resumeStalledSyncsJob = defineJob({
  id: 'resume-stalled-syncs',
  does: `Every ${RESUME_CHECK_SECONDS} s: gives runs whose lease ran out (a crashed worker) a fresh job.`,
  payload: none,
  cron: () => `*/${RESUME_CHECK_SECONDS} * * * * *`,
});

export const forgetOrphanPassKeysJob = defineJob({
  id: 'forget-orphan-pass-keys',
  does: 'Every minute: deletes the scratch pass keys of runs that ended without their final step.',
  payload: none,
  cron: () => '* * * * *',
});

export const retryLicenseShortfallsJob = defineJob({
  id: 'retry-license-shortfalls',
  does: 'After a sync that changed store apps: targets short of a license get one if some are free now.',
  payload: z.object({ tokenId: z.uuid() }),
  key: ({ tokenId }) => `license-shortfalls:${tokenId}`,
});

export const progressDeploymentJob = defineJob({
  id: 'progress-deployment',
  does: 'Claims licenses, sends commands and releases licenses for whatever a deployment has ready.',
  payload: z.object({ deploymentId: z.uuid() }),
  key: ({ deploymentId }) => `deployment:${deploymentId}`,
});

/** How often stalled deployments are looked for: a crashed step resumes within its lease + this. */
export const RESUME_DEPLOYMENTS_SECONDS = 5;

export const resumeStalledDeploymentsJob = defineJob({
  id: 'resume-stalled-deployments',
  does: `Every ${RESUME_DEPLOYMENTS_SECONDS} s: gives deployments with work and no live lease (a crashed worker, a job lost with its connection) a fresh job.`,
  payload: none,
  cron: () => `*/${RESUME_DEPLOYMENTS_SECONDS} * * * * *`,
});

/** How often the deployment reconciler runs (so at most this long after the database returns). */
export const RECONCILE_DEPLOYMENTS_SECONDS = 15;

export const reconcileDeploymentsJob = defineJob({
  id: 'reconcile-deployments',
  does: `At start and every ${RECONCILE_DEPLOYMENTS_SECONDS} s: compares deployments with Apple and the devices, re-checks unreported commands, releases leaked reservations; fixes are counted on /metrics.`,
  payload: none,
  cron: () => `*/${RECONCILE_DEPLOYMENTS_SECONDS} * * * * *`,
});

export const checkAppleEventJob = defineJob({
  id: 'check-apple-event',
  does: 'Asks Apple how an asynchronous request ended; polls again 1 s apart at first, 30 s at most.',
  payload: z.object({ eventId: z.string().min(1), check: z.number().int().min(0).default(0) }),
  key: ({ eventId }) => `apple-event:${eventId}`,
});

export const confirmMdmInstallJob = defineJob({
  id: 'confirm-mdm-install',
  does: 'After a device acknowledged an InstallApplication: asks it by ManagedApplicationList whether the app is installed.',
  payload: z.object({ targetId: z.uuid(), udid: z.string().min(1) }),
  key: ({ targetId, udid }) => `mdm-confirm:${targetId}:${udid}`,
  maxAttempts: 20,
});

export const releaseCheckedOutDeviceJob = defineJob({
  id: 'release-checked-out-device',
  does: "After a device's MDM CheckOut: releases its device licenses at Apple, recorded in the audit log.",
  payload: z.object({ deviceId: z.uuid() }),
  key: ({ deviceId }) => `checked-out:${deviceId}`,
});

export const releaseDeletedDeviceJob = defineJob({
  id: 'release-deleted-device',
  does: 'After a device was deleted here: releases its device licenses at Apple (unless the setting only suggests).',
  payload: z.object({ serialNumber: z.string().min(1), deviceName: z.string() }),
  key: ({ serialNumber }) => `deleted-device:${serialNumber}`,
});

export const releaseLongUnenrolledDevicesJob = defineJob({
  id: 'release-long-unenrolled-devices',
  does: 'Hourly, with "after N days": releases the device licenses of devices unenrolled for N days and still unenrolled.',
  payload: none,
  cron: () => '41 * * * *',
});

export const pruneRateLimitBucketsJob = defineJob({
  id: 'prune-rate-limit-buckets',
  does: 'Hourly: deletes sign-in counters whose window has ended and expired sessions.',
  payload: none,
  cron: () => '17 * * * *',
});

export const pruneOldSyncRunsJob = defineJob({
  id: 'prune-old-sync-runs',
  does: "Daily: deletes sync runs older than SYNC_RUN_RETENTION_DAYS with their change lists, in batches; never a token's active or last successful run.",
  payload: none,
  cron: () => '43 3 * * *',
});

// ------------------------------------------------------------ license intelligence (docs/license-intelligence.md)

export const evaluateAlertsJob = defineJob({
  id: 'evaluate-alerts',
  does: "After a sync or a deployment's license change (or a rule change): evaluates the alert rules for that token.",
  payload: z.object({ tokenId: z.uuid().optional(), deploymentId: z.uuid().optional() }),
  key: ({ tokenId, deploymentId }) =>
    tokenId ? `alerts:token:${tokenId}` : deploymentId ? `alerts:deployment:${deploymentId}` : 'alerts:all',
});

export const evaluateAlertsPeriodicallyJob = defineJob({
  id: 'evaluate-alerts-periodically',
  does: 'Every hour: evaluates every alert rule, for what changes with time alone (token expiry, forecasts).',
  payload: none,
  cron: () => '11 * * * *',
});

export const deliverAlertJob = defineJob({
  id: 'deliver-alert',
  does: 'Sends one alert message (email, signed webhook, Slack/Teams); retried with backoff, every attempt logged.',
  payload: z.object({ deliveryId: z.uuid() }),
  key: ({ deliveryId }) => `alert-delivery:${deliveryId}`,
  maxAttempts: 8,
});

export const compactLicenseHistoryJob = defineJob({
  id: 'compact-license-history',
  does: 'Daily: thins license history older than 30 days to a point a day, drops it after 2 years, refreshes burn rates.',
  payload: none,
  cron: () => '23 0 * * *',
});

export const weeklyLicenseReportJob = defineJob({
  id: 'weekly-license-report',
  does: 'Mondays 06:00 UTC: emails the license report (CSV attached) to the chosen addresses, when enabled.',
  payload: none,
  cron: () => '0 6 * * 1',
});

export const runScheduledReclaimsJob = defineJob({
  id: 'run-scheduled-reclaims',
  does: 'Daily 02:37 UTC: every reclaim rule on the schedule takes its candidates back (undoable for 7 days).',
  payload: none,
  cron: () => '37 2 * * *',
});

/** Every job, in the order the README lists them. */
export const allJobs = [
  syncTokenJob,
  scheduleSyncsJob,
  scheduledSyncJob,
  resumeStalledSyncsJob,
  forgetOrphanPassKeysJob,
  retryLicenseShortfallsJob,
  progressDeploymentJob,
  resumeStalledDeploymentsJob,
  reconcileDeploymentsJob,
  checkAppleEventJob,
  confirmMdmInstallJob,
  releaseCheckedOutDeviceJob,
  releaseDeletedDeviceJob,
  releaseLongUnenrolledDevicesJob,
  pruneRateLimitBucketsJob,
  pruneOldSyncRunsJob,
  evaluateAlertsJob,
  evaluateAlertsPeriodicallyJob,
  deliverAlertJob,
  compactLicenseHistoryJob,
  weeklyLicenseReportJob,
  runScheduledReclaimsJob,
] as const;

export type AnyJob = (typeof allJobs)[number];
export type JobId = AnyJob['id'];
