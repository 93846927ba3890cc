// Names of the worker jobs that move deployments forward; the jobs themselves live in apps/worker.

/** Claims licenses and sends commands for whatever a deployment has ready. Idempotent. */
export const PROGRESS_DEPLOYMENT_TASK = 'progress-deployment';
/** Asks Apple how an asynchronous request (associate, disassociate, users create) ended. */
export const CHECK_APPLE_EVENT_TASK = 'check-apple-event';
