import type { AppConfig } from '@vpp/config/config';
import type { Database } from '@vpp/db/database';
import type { TokenCipher } from '../tokens/token-cipher.ts';
import { postJson, type SendOutcome, sendEmail, webhookSignature } from './alert-transports.ts';

// Sends one delivery and records how it went. A failure that may pass (a timeout, a 5xx, a
// refused connection) throws so the queue retries with backoff; the last attempt marks it FAILED.

export interface DeliveryDeps {
  database: Pick<Database, 'prisma'>;
  cipher: TokenCipher;
  config: Pick<AppConfig, 'SMTP_URL' | 'ALERT_FROM'>;
  now: () => Date;
}

export class DeliveryFailed extends Error {
  constructor(readonly outcome: SendOutcome) {
    super(outcome.error ?? 'The delivery failed.');
    this.name = 'DeliveryFailed';
  }
}

/** Whether trying again can help: not for a missing configuration or a 4xx other than 408/429. */
function retryable(outcome: SendOutcome): boolean {
  if (outcome.error?.startsWith('SMTP_URL')) return false;
  const code = outcome.responseCode;
  if (code === null) return true;
  if (code >= 400 && code < 500) return code === 408 || code === 429;
  return true;
}

export async function deliverAlert(
  deps: DeliveryDeps,
  deliveryId: string,
  attempt: { number: number; max: number },
): Promise<SendOutcome | undefined> {
  const prisma = deps.database.prisma;
  const delivery = await prisma.alertDelivery.findUnique({
    where: { id: deliveryId },
    include: { channel: true },
  });
  if (!delivery?.channel || delivery.status !== 'PENDING') return undefined;
  const rule = delivery.ruleId
    ? await prisma.alertRule.findUnique({
        where: { id: delivery.ruleId },
        select: { name: true, kind: true },
      })
    : null;
  const channel = delivery.channel;
  const text = `${delivery.subject}\n${delivery.message}`;
  let outcome: SendOutcome;
  if (channel.type === 'EMAIL') {
    outcome = await sendEmail(deps.config.SMTP_URL, {
      from: deps.config.ALERT_FROM,
      to: channel.target,
      subject: `[VPP Console] ${delivery.subject}`,
      text: `${delivery.message}\n\n${delivery.purpose === 'TEST' ? 'A test message from VPP Console.' : 'Sent by VPP Console alerts.'}\n`,
    });
  } else if (channel.type === 'SLACK') {
    outcome = await postJson(channel.target, JSON.stringify({ text }));
  } else {
    const body = JSON.stringify({
      id: delivery.id,
      event: delivery.purpose === 'TEST' ? 'test' : 'alert.firing',
      rule: delivery.ruleId && rule ? { id: delivery.ruleId, name: rule.name, kind: rule.kind } : null,
      subject: delivery.subject,
      message: delivery.message,
      createdAt: delivery.createdAt.toISOString(),
    });
    const secret = channel.secretEncrypted ? deps.cipher.decrypt(channel.secretEncrypted) : '';
    outcome = await postJson(channel.target, body, {
      'x-vpp-signature': webhookSignature(secret, body),
      'x-vpp-delivery': delivery.id,
    });
  }
  const final = outcome.ok || !retryable(outcome) || attempt.number >= attempt.max;
  await prisma.alertDelivery.update({
    where: { id: deliveryId },
    data: {
      attempts: { increment: 1 },
      responseCode: outcome.responseCode,
      error: outcome.error,
      ...(final ? { status: outcome.ok ? 'SENT' : 'FAILED', finishedAt: deps.now() } : {}),
    },
  });
  if (!final) throw new DeliveryFailed(outcome);
  return outcome;
}
