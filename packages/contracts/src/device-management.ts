import { z } from 'zod';

// Settings → Device management: which MDM server deployments drive, and how to reach it. Saved
// here (the API key and HMAC key encrypted, never shown again) it overrides the MDM_* environment.

export const MDM_KINDS = ['emulator', 'nanomdm', 'nanohub', 'webhook'] as const;
export type MdmKind = (typeof MDM_KINDS)[number];

export const deviceManagementSchema = z.object({
  /** Where the connection in use comes from: saved here, the MDM_* environment, or nowhere yet. */
  source: z.enum(['settings', 'environment', 'none']),
  kind: z.enum(MDM_KINDS).nullable(),
  /** NanoMDM's or NanoHUB's base URL (webhook: the gateway's commands URL). */
  url: z.string().nullable(),
  apiKeySet: z.boolean(),
  webhookHmacKeySet: z.boolean(),
  /** What to give NanoMDM/NanoHUB as -webhook-url. */
  webhookUrl: z.string(),
  /** Unsigned webhooks are accepted (MDM_WEBHOOK_ALLOW_UNSIGNED, trusted networks only). */
  unsignedWebhooksAllowed: z.boolean(),
});
export type DeviceManagement = z.infer<typeof deviceManagementSchema>;

export const updateDeviceManagementSchema = z
  .object({
    kind: z.enum(MDM_KINDS),
    url: z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }).max(2000),
    /** Omitted: keep the saved key. */
    apiKey: z.string().min(1).max(500).optional(),
    /** Omitted: keep the saved key. */
    webhookHmacKey: z.string().min(16, 'must be at least 16 characters').max(500).optional(),
  })
  .strict();
export type UpdateDeviceManagement = z.infer<typeof updateDeviceManagementSchema>;

export const deviceManagementTestSchema = z.object({
  ok: z.literal(true),
  /** The server's version, when it tells. */
  version: z.string().nullable(),
});
