import { AppError } from '@vpp/contracts/errors';
import { applyMdmCommandResult } from '@vpp/core/deployments/apply-mdm-command-result';
import { applyNanoMdmWebhook } from '@vpp/core/mdm-enrollment/apply-nanomdm-webhook';
import { scheduleLicenseReturn } from '@vpp/core/mdm-enrollment/return-checked-out-licenses';
import { webhookAuthentication } from '@vpp/core/settings/device-management';
import { parseNanoMdmWebhook } from '@vpp/nanomdm-client/webhook';
import { checkWebhookAuthenticity, WEBHOOK_SIGNATURE_HEADER } from '@vpp/nanomdm-client/webhook-signature';
import express from 'express';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { defineRoute, type Route } from '../../http/route-table.ts';

export const NANOMDM_WEBHOOK_PATH = '/api/mdm/nanomdm/webhook';

/**
 * NanoMDM's webhook needs the exact bytes it signed, so the body is read raw here; `createApp`
 * mounts this before the JSON parser of `/api`.
 */
export const nanoMdmWebhookBody = express.raw({ type: () => true, limit: '1mb' });

const outcomeSchema = z.object({
  outcome: z.enum([
    'device-enrolled',
    'device-updated',
    'device-checked-out',
    'device-seen',
    'unknown-device',
    'not-applied',
  ]),
  /** Deployment targets a command result moved (installed, removed, failed). */
  targetsMoved: z.number().int().min(0),
});

export function nanoMdmWebhookRoutes(deps: AppDeps): Route[] {
  return [
    defineRoute({
      method: 'post',
      path: NANOMDM_WEBHOOK_PATH,
      // Authenticated by NanoMDM's HMAC signature of the body, checked in the handler.
      access: 'public',
      tag: 'MDM',
      summary:
        "NanoMDM/NanoHUB's webhook (-webhook-url): check-ins and command reports, signed with X-Hmac-Signature",
      success: { status: 200, schema: outcomeSchema },
      errors: ['UNAUTHENTICATED'],
      handler: async ({ req }) => {
        const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        // Settings → Device management's HMAC key when saved, else MDM_WEBHOOK_HMAC_KEY.
        const { key, allowUnsigned } = await webhookAuthentication(
          deps.database.prisma,
          deps.tokens.cipher,
          deps.config,
        );
        const authenticity = checkWebhookAuthenticity({
          body,
          signature: req.get(WEBHOOK_SIGNATURE_HEADER),
          key,
          allowUnsigned,
        });
        if (!authenticity.ok) {
          throw new AppError(
            'UNAUTHENTICATED',
            authenticity.reason === 'unsigned-not-allowed'
              ? 'NanoMDM webhooks are not accepted: no webhook HMAC key is configured (Settings → Device management or MDM_WEBHOOK_HMAC_KEY).'
              : 'The webhook signature (X-Hmac-Signature) is missing or wrong.',
          );
        }
        const parsed = parseNanoMdmWebhook(body);
        if (!parsed.ok) {
          throw new AppError('VALIDATION_FAILED', 'The body is not a NanoMDM webhook.', {
            errors: [{ path: 'body', message: parsed.error }],
          });
        }
        const result = await applyNanoMdmWebhook(deps.database.prisma, parsed.event, deps.now());
        if (result.outcome === 'device-checked-out' && result.deviceId !== undefined) {
          await scheduleLicenseReturn(deps.database.prisma, result.deviceId);
        }
        const moved =
          parsed.event.type === 'command-result'
            ? await applyMdmCommandResult(deps.database, parsed.event)
            : { applied: 0 };
        return { outcome: result.outcome, targetsMoved: moved.applied };
      },
    }),
  ];
}
