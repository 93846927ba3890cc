import { createHmac, timingSafeEqual } from 'node:crypto';

// NanoMDM's `-webhook-hmac-key`: each webhook request carries `X-Hmac-Signature`, the Base-64
// SHA-256 HMAC of the exact HTTP body with the shared key (service/webhook WithHMACSecret).

export const WEBHOOK_SIGNATURE_HEADER = 'x-hmac-signature';

/** The signature NanoMDM puts in `X-Hmac-Signature` for `body`. */
export function signWebhookBody(body: string | Uint8Array, key: string): string {
  return createHmac('sha256', key).update(body).digest('base64');
}

/** True when `signature` is the HMAC of the raw `body` under `key`. Constant-time in the digest. */
export function verifyWebhookSignature(
  body: string | Uint8Array,
  signature: string | undefined,
  key: string,
): boolean {
  if (signature === undefined || key === '') return false;
  const text = signature.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return false;
  const given = Buffer.from(text, 'base64');
  const expected = createHmac('sha256', key).update(body).digest();
  // Lengths are public (a SHA-256 digest is always 32 bytes); only then compare in constant time.
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export type WebhookAuthenticity =
  | { ok: true; signed: boolean }
  | { ok: false; reason: 'missing-signature' | 'bad-signature' | 'unsigned-not-allowed' };

/**
 * The webhook endpoint's rule: with a key, only a correct signature passes; without a key, only an
 * explicit `allowUnsigned` lets anything in (for a NanoMDM on the same host, say).
 */
export function checkWebhookAuthenticity(input: {
  body: string | Uint8Array;
  signature: string | undefined;
  key: string | undefined;
  allowUnsigned: boolean;
}): WebhookAuthenticity {
  if (input.key === undefined || input.key === '') {
    return input.allowUnsigned ? { ok: true, signed: false } : { ok: false, reason: 'unsigned-not-allowed' };
  }
  if (input.signature === undefined || input.signature === '')
    return { ok: false, reason: 'missing-signature' };
  return verifyWebhookSignature(input.body, input.signature, input.key)
    ? { ok: true, signed: true }
    : { ok: false, reason: 'bad-signature' };
}
