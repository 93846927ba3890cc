import type { Location } from '../state/location.ts';
import type { SeededRandom } from '../state/seeded-random.ts';
import type { NotificationDraft } from './notification-drafts.ts';

export interface NotificationAttempt {
  at: string;
  status?: number;
  error?: string;
}

/** One notification and what happened to it; `GET /_emulator/notifications` lists these. */
export interface NotificationDelivery {
  notificationId: string;
  notificationType: string;
  locationId: string;
  url: string;
  body: {
    notification: Record<string, unknown>;
    notificationId: string;
    notificationType: string;
    uId: string;
  };
  attempts: NotificationAttempt[];
  outcome: 'pending' | 'delivered' | 'failed' | 'dropped';
  duplicated: boolean;
}

export interface NotificationFaults {
  /** Share of notifications never sent (0..1). */
  dropNotifications: number;
  /** Share of notifications sent twice with the same notificationId (0..1). */
  duplicateNotifications: number;
}

export interface NotificationSenderOptions {
  random: SeededRandom;
  faults: () => NotificationFaults;
  /** Apple makes up to 3 attempts over 1–5 minutes. */
  maxAttempts: number;
  retryDelayMs: number;
  timeoutMs: number;
  now: () => Date;
}

const DELIVERY_LOG_SIZE = 10_000;

/** Delivers notifications to locations' notification URLs with the shared Bearer secret, retrying failures. */
export class NotificationSender {
  private readonly log: NotificationDelivery[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly waiting = new Map<NodeJS.Timeout, () => void>();
  private closed = false;

  constructor(private readonly options: NotificationSenderOptions) {}

  /** Queues the drafts a location subscribed to; returns at once (delivery is asynchronous). */
  send(location: Location, drafts: NotificationDraft[]): void {
    const target = location.notificationTarget;
    if (target === undefined || this.closed) return;
    for (const draft of drafts) {
      if (!location.subscribedNotificationTypes.includes(draft.notificationType)) continue;
      const delivery = this.record(location, target.url, draft);
      const faults = this.options.faults();
      if (this.options.random.chance(faults.dropNotifications)) {
        delivery.outcome = 'dropped';
        continue;
      }
      delivery.duplicated = this.options.random.chance(faults.duplicateNotifications);
      this.track(this.deliver(delivery, target.authToken, 1));
      if (delivery.duplicated) this.track(this.post(delivery, target.authToken).then(() => undefined));
    }
  }

  /** Sends TEST_NOTIFICATION once and reports whether the receiver answered 2xx. */
  async sendTestNotification(location: Location, url: string, authToken: string): Promise<boolean> {
    const delivery = this.record(location, url, { notificationType: 'TEST_NOTIFICATION', notification: {} });
    const ok = await this.post(delivery, authToken);
    delivery.outcome = ok ? 'delivered' : 'failed';
    return ok;
  }

  deliveries(filter: { locationId?: string } = {}): NotificationDelivery[] {
    return this.log.filter((d) => filter.locationId === undefined || d.locationId === filter.locationId);
  }

  /** Resolves when no delivery (including retries waiting for their turn) is left. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  close(): void {
    this.closed = true;
    // Retries still waiting end now, so idle() settles after close().
    for (const [timer, resolve] of this.waiting) {
      clearTimeout(timer);
      resolve();
    }
    this.waiting.clear();
  }

  private record(location: Location, url: string, draft: NotificationDraft): NotificationDelivery {
    const notificationId = this.options.random.uuid();
    const delivery: NotificationDelivery = {
      notificationId,
      notificationType: draft.notificationType,
      locationId: location.id,
      url,
      body: {
        notification: draft.notification,
        notificationId,
        notificationType: draft.notificationType,
        uId: location.uId,
      },
      attempts: [],
      outcome: 'pending',
      duplicated: false,
    };
    this.log.push(delivery);
    if (this.log.length > DELIVERY_LOG_SIZE) this.log.shift();
    return delivery;
  }

  private async deliver(delivery: NotificationDelivery, authToken: string, attempt: number): Promise<void> {
    if (this.closed) return;
    if (await this.post(delivery, authToken)) {
      delivery.outcome = 'delivered';
      return;
    }
    if (attempt >= this.options.maxAttempts) {
      delivery.outcome = 'failed';
      return;
    }
    await this.wait(this.options.retryDelayMs);
    await this.deliver(delivery, authToken, attempt + 1);
  }

  private async post(delivery: NotificationDelivery, authToken: string): Promise<boolean> {
    const attempt: NotificationAttempt = { at: this.options.now().toISOString() };
    delivery.attempts.push(attempt);
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: { authorization: `Bearer ${authToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(delivery.body),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      attempt.status = response.status;
      await response.body?.cancel();
      return response.status >= 200 && response.status < 300;
    } catch (error) {
      attempt.error = error instanceof Error ? error.message : String(error);
      return false;
    }
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(timer);
        resolve();
      }, ms);
      this.waiting.set(timer, resolve);
    });
  }

  private track(promise: Promise<void>): void {
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise));
  }
}
