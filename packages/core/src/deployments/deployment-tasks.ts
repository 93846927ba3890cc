import { checkAppleEventJob, progressDeploymentJob } from '../jobs/jobs.ts';

// The ids of the jobs that move deployments forward, defined with every other job in core/jobs.

/** Claims licenses and sends commands for whatever a deployment has ready. Idempotent. */
export const PROGRESS_DEPLOYMENT_TASK = progressDeploymentJob.id;
/** Asks Apple how an asynchronous request (associate, disassociate, users create) ended. */
export const CHECK_APPLE_EVENT_TASK = checkAppleEventJob.id;
