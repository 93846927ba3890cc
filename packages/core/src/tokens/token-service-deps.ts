import type { VppClientFactory } from '@vpp/apple-vpp-client';
import type { DbClient } from '@vpp/db/database';
import type { SyncSchedule } from '../sync/sync-schedule.ts';
import type { TokenCipher } from './token-cipher.ts';

/** What the token use cases need, built once per process. */
export interface TokenServiceDeps {
  prisma: DbClient;
  cipher: TokenCipher;
  appleClients: VppClientFactory;
  now: () => Date;
  maxTokens: number;
  schedule: SyncSchedule;
}

export const MAX_TOKENS_PER_INSTALLATION = 3000;
