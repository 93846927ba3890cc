import type { Database } from '@vpp/db/database';
import { type Transaction, withTransaction } from '@vpp/db/transaction';
import { type LeasedRun, renewLease } from './sync-run-store.ts';

// A sync run is worked on by one worker at a time: the worker holds a lease on the run and renews it
// while it works. Every write of the run is fenced by the lease, so a worker that stalled past its
// lease cannot commit after another has taken over; a crashed worker's lease simply runs out.

export type { LeasedRun };

export class LeaseLostError extends Error {
  constructor(syncRunId: string) {
    super(`lost the lease on sync run ${syncRunId}`);
    this.name = 'LeaseLostError';
  }
}

export interface Lease {
  database: Pick<Database, 'pool'>;
  syncRunId: string;
  owner: string;
  leaseMs: number;
}

/** Renews the lease every third of its length until the returned function is called. */
export function keepLeaseAlive(lease: Lease): () => void {
  const heartbeat = setInterval(
    () => {
      renewLease(lease.database.pool, lease.syncRunId, lease.owner, lease.leaseMs).catch(() => {});
    },
    Math.max(250, Math.floor(lease.leaseMs / 3)),
  );
  heartbeat.unref();
  return () => clearInterval(heartbeat);
}

/** Runs `work` in a transaction that commits only while this worker still holds the lease. */
export function inLeasedTransaction<T>(lease: Lease, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return withTransaction(lease.database, async (tx) => {
    if (!(await renewLease(tx, lease.syncRunId, lease.owner, lease.leaseMs))) {
      throw new LeaseLostError(lease.syncRunId);
    }
    return work(tx);
  });
}
