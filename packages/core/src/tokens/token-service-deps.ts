import type { VppClientFactory } from '@vpp/apple-vpp-client';
import type { DbClient } from '@vpp/db/database';
import type { TokenCipher } from './token-cipher.ts';

/** What the token use cases need, built once per process. */
export interface TokenServiceDeps {
  prisma: DbClient;
  cipher: TokenCipher;
  appleClients: VppClientFactory;
  now: () => Date;
  maxTokens: number;
}

export const MAX_TOKENS_PER_INSTALLATION = 3000;
