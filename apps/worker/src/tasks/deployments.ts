import { checkAppleEvent } from '@vpp/core/deployments/apply-apple-event';
import { CHECK_APPLE_EVENT_TASK, PROGRESS_DEPLOYMENT_TASK } from '@vpp/core/deployments/deployment-tasks';
import { progressDeployment } from '@vpp/core/deployments/progress-deployment';
import { enqueueJob } from '@vpp/job-queue/job-queue';
import { z } from 'zod';
import type { WorkerTask } from '../worker-task.ts';

export { CHECK_APPLE_EVENT_TASK, PROGRESS_DEPLOYMENT_TASK };

const deploymentPayload = z.object({ deploymentId: z.uuid() });
const eventPayload = z.object({ eventId: z.string().min(1), check: z.number().int().min(0).default(0) });

/** Claims, commands and releases whatever a deployment has ready; Apple's 429/5xx make the queue retry. */
export const progressDeploymentTask: WorkerTask = async (payload, deps) => {
  const { deploymentId } = deploymentPayload.parse(payload);
  await progressDeployment(deps, deploymentId);
};

/** Polls an Apple event until it ends, 1 s apart at first and at most 30 s apart later. */
export const checkAppleEventTask: WorkerTask = async (payload, deps) => {
  const { eventId, check } = eventPayload.parse(payload);
  const outcome = await checkAppleEvent(deps, eventId);
  if (outcome !== 'pending') return;
  const delayMs = Math.min(30_000, 1000 * 1.5 ** check);
  await enqueueJob(
    deps.database.prisma,
    CHECK_APPLE_EVENT_TASK,
    { eventId, check: check + 1 },
    {
      jobKey: `apple-event:${eventId}`,
      runAt: new Date(Date.now() + delayMs),
    },
  );
};
