import { z } from 'zod';
import { roleSchema } from './accounts.ts';

/** Every key starts with this, so a leaked key is easy to grep for (and to tell from other secrets). */
export const API_KEY_PREFIX = 'vpp_';

const name = z.string().trim().min(1, 'is required').max(100);

export const createApiKeyRequestSchema = z.strictObject({
  name,
  role: roleSchema,
  /**
   * Token categories the key will be limited to once category scopes exist. Until then only an empty
   * list (or none) is accepted: a key that claims a scope it does not have would mislead.
   */
  categories: z.array(z.string().trim().min(1).max(100)).max(100).optional(),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});
export type CreateApiKeyRequest = z.input<typeof createApiKeyRequestSchema>;

export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  role: roleSchema,
  categories: z.array(z.string()),
  /** The first characters of the key (`vpp_ab12…`), to tell keys apart; never the key. */
  keyPrefix: z.string(),
  createdAt: z.iso.datetime(),
  createdBy: z.string().nullable(),
  expiresAt: z.iso.datetime().nullable(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
  status: z.enum(['active', 'expired', 'revoked']),
});
export type ApiKey = z.infer<typeof apiKeySchema>;

/** The answer to a create: the only time the key itself is shown. */
export const createdApiKeySchema = apiKeySchema.extend({ key: z.string() });
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;

export const apiKeyListSchema = z.object({ items: z.array(apiKeySchema) });
export type ApiKeyList = z.infer<typeof apiKeyListSchema>;

export const apiKeyIdParamsSchema = z.object({ id: z.uuid() });
