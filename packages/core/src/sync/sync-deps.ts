import type { VppClientFactory } from '@vpp/apple-vpp-client';
import type { Database } from '@vpp/db/database';

export interface SyncLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Opens a token's sealed sToken (the token cipher, passed in so sync does not depend on tokens). */
export interface SealedTokenOpener {
  decrypt(sealed: Uint8Array): string;
}

export interface SyncDeps {
  database: Database;
  cipher: SealedTokenOpener;
  appleClients: VppClientFactory;
  logger: SyncLogger;
  /** Identifies this worker process as the holder of run leases. */
  workerId: string;
  leaseMs: number;
  /** Our mdmInfo id, remembered by the worker process (it never changes once made). */
  installationId?: () => Promise<string>;
  /** Aborted when the worker stops: the sync ends at the next page boundary (it resumes elsewhere). */
  signal?: AbortSignal;
  /** When set, each token asks Apple to POST notifications here (with its own bearer secret). */
  notifications?: { baseUrl: string; encryptionKey: string };
}

export type SyncOutcome =
  | { result: 'succeeded' }
  | { result: 'failed'; error: string }
  | { result: 'skipped'; reason: 'not-found' | 'finished' | 'held-elsewhere' | 'interrupted' };
