import { createHmac, randomUUID } from 'node:crypto';
import { build, type PlistValue } from 'plist';

// NanoMDM's webhook (service/webhook): one JSON POST per MDM request of a device, the device's
// plist base64 encoded in `raw_payload`, signed with `X-Hmac-Signature` (base64 HMAC-SHA256 of the
// body) when a key is set. Like NanoMDM, a failed delivery is recorded and not retried.

export type WebhookTopic = 'mdm.Authenticate' | 'mdm.TokenUpdate' | 'mdm.CheckOut' | 'mdm.Connect';

export interface WebhookDelivery {
  topic: WebhookTopic;
  udid: string;
  status?: string;
  commandUuid?: string;
  /** The HTTP status the receiver answered, or undefined when it could not be reached. */
  httpStatus?: number;
  error?: string;
  signed: boolean;
  at: string;
}

export interface WebhookTarget {
  url: string | undefined;
  hmacKey: string | undefined;
  /** Send every webhook twice, as a device repeating a report would cause. */
  duplicate: boolean;
  /** Record, but never deliver (a webhook NanoMDM lost). */
  drop: boolean;
}

export interface WebhookMessage {
  topic: WebhookTopic;
  udid: string;
  payload: Record<string, PlistValue>;
  /** Command reports: `mdm.Connect` with an acknowledge_event. */
  status?: string;
  commandUuid?: string;
  tokenUpdateTally?: number;
}

/** The JSON body NanoMDM would send for `message`. */
export function webhookBody(message: WebhookMessage, now: Date): string {
  const ids = { id: message.udid, type: 'Device' };
  const rawPayload = Buffer.from(build(message.payload)).toString('base64');
  const event =
    message.topic === 'mdm.Connect'
      ? {
          acknowledge_event: {
            ids,
            udid: message.udid,
            status: message.status ?? 'Idle',
            ...(message.commandUuid === undefined ? {} : { command_uuid: message.commandUuid }),
            raw_payload: rawPayload,
          },
        }
      : {
          checkin_event: {
            ids,
            udid: message.udid,
            raw_payload: rawPayload,
            ...(message.tokenUpdateTally === undefined
              ? {}
              : { token_update_tally: message.tokenUpdateTally }),
          },
        };
  return JSON.stringify({
    ...event,
    created_at: now.toISOString(),
    event_id: randomUUID().replace(/-/g, '').slice(0, 16),
    topic: message.topic,
  });
}

export class WebhookSender {
  readonly deliveries: WebhookDelivery[] = [];
  /** Deliveries go out one after the other, in the order the devices made their requests. */
  private chain: Promise<void> = Promise.resolve();
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly target: () => WebhookTarget,
    private readonly now: () => Date,
    private readonly timeoutMs = 10_000,
  ) {}

  send(message: WebhookMessage): void {
    const target = this.target();
    const times = target.duplicate ? 2 : 1;
    const body = webhookBody(message, this.now());
    for (let copy = 0; copy < times; copy += 1) {
      this.inFlight += 1;
      this.chain = this.chain
        .then(() => this.deliver(target, message, body))
        .finally(() => {
          this.inFlight -= 1;
          if (this.inFlight === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
        });
    }
  }

  private async deliver(target: WebhookTarget, message: WebhookMessage, body: string): Promise<void> {
    const delivery: WebhookDelivery = {
      topic: message.topic,
      udid: message.udid,
      ...(message.status === undefined ? {} : { status: message.status }),
      ...(message.commandUuid === undefined ? {} : { commandUuid: message.commandUuid }),
      signed: target.hmacKey !== undefined,
      at: this.now().toISOString(),
    };
    this.deliveries.push(delivery);
    if (target.url === undefined) {
      delivery.error = 'no webhook URL configured';
      return;
    }
    if (target.drop) {
      delivery.error = 'dropped (emulated lost webhook)';
      return;
    }
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    if (target.hmacKey !== undefined) {
      headers['x-hmac-signature'] = createHmac('sha256', target.hmacKey).update(body).digest('base64');
    }
    try {
      const response = await fetch(target.url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      delivery.httpStatus = response.status;
      await response.arrayBuffer();
    } catch (error) {
      delivery.error = error instanceof Error ? error.message : 'unknown error';
    }
  }

  /** Resolves when every webhook sent so far has been delivered (or has failed). */
  idle(): Promise<void> {
    return this.inFlight === 0 ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}
