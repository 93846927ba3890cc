import type { VppClientFactory } from '@vpp/apple-vpp-client';
import type { AppConfig } from '@vpp/config/config';
import type { MdmGateway } from '@vpp/core/mdm/mdm-gateway';
import type { TokenCipher } from '@vpp/core/tokens/token-cipher';
import type { Database } from '@vpp/db/database';
import type { Logger } from 'pino';

export interface WorkerDeps {
  config: AppConfig;
  database: Database;
  logger: Logger;
  now: () => Date;
  cipher: TokenCipher;
  appleClients: VppClientFactory;
  /** This process, as the holder of sync-run leases. */
  workerId: string;
  /** This installation's mdmInfo id, read once per process. */
  installationId: () => Promise<string>;
  /** Reaches devices with install/remove commands; null when none is configured. */
  mdmGateway: MdmGateway | null;
}

/** A job handler: gets the job's payload and the worker's dependencies; throwing makes the queue retry. */
export type WorkerTask = (
  payload: unknown,
  deps: WorkerDeps & { jobId: string; attempt: number; maxAttempts: number },
) => Promise<void>;

/** A recurring job: node-cron fires it on every replica, the queue's job key keeps one copy. */
export interface RecurringJob {
  task: string;
  cron: string;
}
