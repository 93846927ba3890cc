import { randomUUID } from 'node:crypto';
import type { Database } from '@vpp/db/database';
import { type Transaction, withTransaction } from '@vpp/db/transaction';
import { renewDeploymentLease } from './deployment-store.ts';

// A deployment is moved forward by one worker at a time: the step holds a lease on the deployment
// (owner + expiry, renewed while it works), and every transaction the step commits first checks
// the lease, so a worker that stalled past its lease cannot write after another took over. A
// crashed worker's lease simply runs out and the resume job (every few seconds) gives the
// deployment a fresh job. See docs/deployments.md, "Durability".

export class DeploymentLeaseLostError extends Error {
  constructor(deploymentId: string) {
    super(`lost the lease on deployment ${deploymentId}`);
    this.name = 'DeploymentLeaseLostError';
  }
}

export interface DeploymentLease {
  database: Pick<Database, 'pool'>;
  deploymentId: string;
  owner: string;
  leaseMs: number;
}

export function newDeploymentLease(
  database: Pick<Database, 'pool'>,
  deploymentId: string,
  leaseMs: number,
): DeploymentLease {
  return { database, deploymentId, owner: `step:${randomUUID()}`, leaseMs };
}

/** Renews the lease every third of its length until the returned function is called. */
export function keepDeploymentLeaseAlive(lease: DeploymentLease): () => void {
  const heartbeat = setInterval(
    () => {
      renewDeploymentLease(lease.database.pool, lease.deploymentId, lease.owner, lease.leaseMs).catch(
        () => {},
      );
    },
    Math.max(250, Math.floor(lease.leaseMs / 3)),
  );
  heartbeat.unref();
  return () => clearInterval(heartbeat);
}

/** Runs `work` in a transaction that commits only while this step still holds the lease. */
export function inLeasedTransaction<T>(
  lease: DeploymentLease,
  work: (tx: Transaction) => Promise<T>,
): Promise<T> {
  return withTransaction(lease.database as Database, async (tx) => {
    if (!(await renewDeploymentLease(tx, lease.deploymentId, lease.owner, lease.leaseMs))) {
      throw new DeploymentLeaseLostError(lease.deploymentId);
    }
    return work(tx);
  });
}
