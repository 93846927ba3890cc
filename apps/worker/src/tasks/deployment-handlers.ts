import { checkAppleEvent } from '@vpp/core/deployments/apply-apple-event';
import { sendInstallConfirmation } from '@vpp/core/deployments/confirm-mdm-installs';
import { progressDeployment } from '@vpp/core/deployments/progress-deployment';
import { reconcileDeployments, resumeStalledDeployments } from '@vpp/core/deployments/reconcile-deployments';
import { retryLicenseShortfalls } from '@vpp/core/deployments/retry-license-shortfalls';
import { checkAppleEventJob } from '@vpp/core/jobs/jobs';
import {
  releaseDeviceLicenses,
  returnCheckedOutDeviceLicenses,
  returnLicensesOfLongUnenrolledDevices,
} from '@vpp/core/mdm-enrollment/return-checked-out-licenses';
import { systemContext } from '@vpp/core/request-context';
import type { JobHandler } from '../worker-task.ts';

export const progressDeploymentTask: JobHandler<'progress-deployment'> = async (
  { deploymentId },
  context,
) => {
  const took = await progressDeployment(context, deploymentId);
  // Another worker holds the step; when it dies, its lease runs out and the resume job steps in.
  if (!took) context.logger.info({ deploymentId }, 'deployment step held by another worker');
};

/** Deployments with work and no live lease (a crashed worker, a lost job) get a fresh job. */
export const resumeStalledDeploymentsTask: JobHandler<'resume-stalled-deployments'> = async (
  _payload,
  context,
) => {
  const resumed = await resumeStalledDeployments(context.database);
  if (resumed > 0) context.logger.warn({ resumed }, 'resumed stalled deployments');
};

/** The reconciler: targets moved to what Apple and the devices say; leaked reservations released. */
export const reconcileDeploymentsTask: JobHandler<'reconcile-deployments'> = async (_payload, context) => {
  await reconcileDeployments(context);
};

/** Polls an Apple event until it ends, 1 s apart at first and at most 30 s apart later. */
export const checkAppleEventTask: JobHandler<'check-apple-event'> = async ({ eventId, check }, context) => {
  const outcome = await checkAppleEvent(context, eventId);
  if (outcome !== 'pending') return;
  const delayMs = Math.min(30_000, 1000 * 1.5 ** check);
  await checkAppleEventJob.enqueue(
    context.database.prisma,
    { eventId, check: check + 1 },
    { runAt: new Date(Date.now() + delayMs) },
  );
};

/** Licenses bought since a deployment ran short: its waiting targets get them now. */
export const retryShortfalls: JobHandler<'retry-license-shortfalls'> = async ({ tokenId }, context) => {
  const retried = await retryLicenseShortfalls(context.database, tokenId);
  if (retried > 0) context.logger.info({ tokenId, retriedTargets: retried }, 'retried license shortfalls');
};

/** A device checked out of the MDM: its device licenses go back to Apple. */
export const releaseCheckedOutDevice: JobHandler<'release-checked-out-device'> = async (
  { deviceId },
  context,
) => {
  await returnCheckedOutDeviceLicenses(context, deviceId);
};

/** A device acknowledged an install: ask it whether the app is really there (ManagedApplicationList). */
export const confirmMdmInstall: JobHandler<'confirm-mdm-install'> = async ({ targetId, udid }, context) => {
  await sendInstallConfirmation(context, targetId, udid);
};

/** A device was deleted here: its device licenses go back to Apple. */
export const releaseDeletedDevice: JobHandler<'release-deleted-device'> = async (
  { serialNumber, deviceName },
  context,
) => {
  await releaseDeviceLicenses(context, {
    serialNumber,
    deviceId: null,
    deviceName,
    reason: 'DEVICE_DELETED',
    ctx: systemContext('device-deleted'),
  });
};

/** "After N days": devices unenrolled that long give their device licenses back. */
export const releaseLongUnenrolledDevices: JobHandler<'release-long-unenrolled-devices'> = async (
  _payload,
  context,
) => {
  await returnLicensesOfLongUnenrolledDevices(context, context.now());
};
