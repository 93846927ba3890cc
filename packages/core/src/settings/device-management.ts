import type { AppConfig, MdmConnection } from '@vpp/config/config';
import { mdmConnection } from '@vpp/config/config';
import type { DeviceManagement, MdmKind, UpdateDeviceManagement } from '@vpp/contracts/device-management';
import { AppError } from '@vpp/contracts/errors';
import type { Db, DbClient } from '@vpp/db/database';
import { createNanoMdmClient } from '@vpp/nanomdm-client/enqueue';
import { NanoMdmError } from '@vpp/nanomdm-client/errors';
import { z } from 'zod';
import { recordAudit } from '../audit-log/record-audit.ts';
import type { RequestContext } from '../request-context.ts';

// Settings → Device management: the MDM server deployments drive, saved in the settings table. The
// API key and the webhook HMAC key are sealed with the token cipher (as VPP tokens are) and never
// leave the server again: reads answer `apiKeySet: true`. A saved connection overrides the MDM_*
// environment; the gateway and the webhook check read it at every use, so a change needs no restart.

export const DEVICE_MANAGEMENT_KEY = 'device-management';

/** What seals the keys: the token cipher (tokens/token-cipher), named here by its shape only. */
export interface TokenCipher {
  encrypt(plain: string): Uint8Array;
  decrypt(sealed: Uint8Array): string;
}

const storedShape = z.object({
  kind: z.enum(['emulator', 'nanomdm', 'nanohub', 'webhook']),
  url: z.string(),
  /** Sealed with the token cipher, base64. */
  apiKeySealed: z.string().optional(),
  webhookHmacKeySealed: z.string().optional(),
});

export interface StoredDeviceManagement {
  kind: MdmKind;
  url: string;
  apiKey: string | undefined;
  webhookHmacKey: string | undefined;
}

export async function readStoredDeviceManagement(
  db: Db,
  cipher: TokenCipher,
): Promise<StoredDeviceManagement | null> {
  const row = await db.setting.findUnique({ where: { key: DEVICE_MANAGEMENT_KEY } });
  const parsed = storedShape.safeParse(row?.value);
  if (!parsed.success) return null;
  const open = (sealed: string | undefined) =>
    sealed === undefined ? undefined : cipher.decrypt(Buffer.from(sealed, 'base64'));
  return {
    kind: parsed.data.kind,
    url: parsed.data.url,
    apiKey: open(parsed.data.apiKeySealed),
    webhookHmacKey: open(parsed.data.webhookHmacKeySealed),
  };
}

/** The connection a saved setting describes; without one, the environment's. */
export function connectionFrom(stored: StoredDeviceManagement | null, config: AppConfig): MdmConnection {
  if (stored === null) return mdmConnection(config);
  if (stored.kind === 'webhook') return { kind: 'webhook', gatewayUrl: stored.url };
  if (stored.apiKey === undefined) return { kind: 'none' };
  return {
    kind: stored.kind === 'nanohub' ? 'nanohub' : 'nanomdm',
    url: stored.url,
    apiKey: stored.apiKey,
    webhookHmacKey: stored.webhookHmacKey,
    allowUnsignedWebhooks: config.MDM_WEBHOOK_ALLOW_UNSIGNED,
    emulated: stored.kind === 'emulator',
  };
}

export async function effectiveMdmConnection(
  db: Db,
  cipher: TokenCipher,
  config: AppConfig,
): Promise<MdmConnection> {
  return connectionFrom(await readStoredDeviceManagement(db, cipher), config);
}

/** How NanoMDM's webhooks are authenticated now: the saved HMAC key, else the environment's. */
export async function webhookAuthentication(
  db: Db,
  cipher: TokenCipher,
  config: AppConfig,
): Promise<{ key: string | undefined; allowUnsigned: boolean }> {
  const stored = await readStoredDeviceManagement(db, cipher);
  return {
    key: stored?.webhookHmacKey ?? config.MDM_WEBHOOK_HMAC_KEY,
    allowUnsigned: config.MDM_WEBHOOK_ALLOW_UNSIGNED,
  };
}

export async function describeDeviceManagement(
  db: Db,
  cipher: TokenCipher,
  config: AppConfig,
  webhookUrl: string,
): Promise<DeviceManagement> {
  const stored = await readStoredDeviceManagement(db, cipher);
  const unsignedWebhooksAllowed = config.MDM_WEBHOOK_ALLOW_UNSIGNED;
  if (stored !== null) {
    return {
      source: 'settings',
      kind: stored.kind,
      url: stored.url,
      apiKeySet: stored.apiKey !== undefined,
      webhookHmacKeySet: (stored.webhookHmacKey ?? config.MDM_WEBHOOK_HMAC_KEY) !== undefined,
      webhookUrl,
      unsignedWebhooksAllowed,
    };
  }
  const connection = mdmConnection(config);
  if (connection.kind === 'none') {
    return {
      source: 'none',
      kind: null,
      url: null,
      apiKeySet: false,
      webhookHmacKeySet: config.MDM_WEBHOOK_HMAC_KEY !== undefined,
      webhookUrl,
      unsignedWebhooksAllowed,
    };
  }
  return {
    source: 'environment',
    kind: connection.kind === 'webhook' ? 'webhook' : connection.emulated ? 'emulator' : connection.kind,
    url: connection.kind === 'webhook' ? connection.gatewayUrl : connection.url,
    apiKeySet: connection.kind !== 'webhook',
    webhookHmacKeySet: config.MDM_WEBHOOK_HMAC_KEY !== undefined,
    webhookUrl,
    unsignedWebhooksAllowed,
  };
}

export async function saveDeviceManagement(
  prisma: DbClient,
  cipher: TokenCipher,
  ctx: RequestContext,
  input: UpdateDeviceManagement,
): Promise<void> {
  const before = await readStoredDeviceManagement(prisma, cipher);
  const apiKey = input.apiKey ?? before?.apiKey;
  const webhookHmacKey = input.webhookHmacKey ?? before?.webhookHmacKey;
  if (input.kind !== 'webhook' && apiKey === undefined) {
    throw new AppError('VALIDATION_FAILED', 'NanoMDM and NanoHUB need an API key.', {
      errors: [{ path: 'apiKey', message: 'is required' }],
    });
  }
  const seal = (plain: string | undefined) =>
    plain === undefined ? undefined : Buffer.from(cipher.encrypt(plain)).toString('base64');
  const value = {
    kind: input.kind,
    url: input.url,
    ...(input.kind !== 'webhook' && apiKey !== undefined ? { apiKeySealed: seal(apiKey) } : {}),
    ...(webhookHmacKey !== undefined ? { webhookHmacKeySealed: seal(webhookHmacKey) } : {}),
  };
  await prisma.setting.upsert({
    where: { key: DEVICE_MANAGEMENT_KEY },
    create: { key: DEVICE_MANAGEMENT_KEY, value },
    update: { value },
  });
  await recordAudit(prisma, ctx, {
    action: 'settings.device-management',
    targetType: 'settings',
    summary: `Device management: ${input.kind} at ${input.url}`,
    before: before === null ? null : { kind: before.kind, url: before.url },
    after: {
      kind: input.kind,
      url: input.url,
      apiKeyChanged: input.apiKey !== undefined,
      webhookHmacKeyChanged: input.webhookHmacKey !== undefined,
    },
  });
}

/** Forgets the saved connection: the MDM_* environment applies again. */
export async function clearDeviceManagement(prisma: DbClient, ctx: RequestContext): Promise<void> {
  const deleted = await prisma.setting.deleteMany({ where: { key: DEVICE_MANAGEMENT_KEY } });
  if (deleted.count === 0) return;
  await recordAudit(prisma, ctx, {
    action: 'settings.device-management',
    targetType: 'settings',
    summary: 'Device management: back to the MDM_* environment settings',
  });
}

/**
 * "Test connection": NanoMDM/NanoHUB's version and an authenticated request that changes nothing;
 * for the generic webhook gateway, that its URL answers at all.
 */
export async function testDeviceManagementConnection(
  db: Db,
  cipher: TokenCipher,
  config: AppConfig,
): Promise<{ ok: true; version: string | null }> {
  const connection = await effectiveMdmConnection(db, cipher, config);
  if (connection.kind === 'none') {
    throw new AppError('MDM_NOT_CONFIGURED', 'Save a device management server first.');
  }
  if (connection.kind === 'webhook') {
    try {
      await fetch(connection.gatewayUrl, { method: 'GET', signal: AbortSignal.timeout(10_000) });
      return { ok: true, version: null };
    } catch {
      throw new AppError('MDM_UNREACHABLE', 'The gateway URL did not answer.');
    }
  }
  try {
    const client = createNanoMdmClient({
      kind: connection.kind,
      url: connection.url,
      apiKey: connection.apiKey,
    });
    const check = await client.checkConnection();
    return { ok: true, version: check.version ?? null };
  } catch (error) {
    if (!(error instanceof NanoMdmError)) throw error;
    if (error.kind === 'UNAUTHORIZED') {
      throw new AppError(
        'MDM_API_KEY_REFUSED',
        `${connection.kind === 'nanohub' ? 'NanoHUB' : 'NanoMDM'} answered 401 to the API key.`,
      );
    }
    if (error.kind === 'NOT_FOUND' || error.kind === 'REJECTED' || error.kind === 'INVALID_RESPONSE') {
      throw new AppError(
        'MDM_NOT_NANOMDM',
        `The server at this URL does not answer like ${connection.kind === 'nanohub' ? 'NanoHUB' : 'NanoMDM'}: ${error.message}`,
      );
    }
    throw new AppError('MDM_UNREACHABLE', `The server did not answer: ${error.message}`);
  }
}
