import type { NotificationSender } from '../notifications/notification-sender.ts';
import type { EventRequest, Location, LocationEvent } from '../state/location.ts';
import type { SeededRandom } from '../state/seeded-random.ts';
import { type AppliedEvent, applyManageAssets, applyRevokeAssets } from './apply-asset-event.ts';
import { applyManageUsers } from './apply-user-event.ts';

export interface EventSchedulerOptions {
  /** How long an event stays PENDING before it is applied. */
  delayMs: () => number;
  random: SeededRandom;
  notifications: NotificationSender;
  retireRevokesLicenses: boolean;
  now: () => Date;
}

/**
 * Asynchronous writes: a request becomes a PENDING event, and after the configured delay it is
 * applied to the location's state, turns COMPLETE or FAILED, and its notifications go out.
 */
export class EventScheduler {
  private readonly timers = new Map<
    string,
    { timer: NodeJS.Timeout; location: Location; event: LocationEvent }
  >();

  constructor(private readonly options: EventSchedulerOptions) {}

  submit(location: Location, request: EventRequest): LocationEvent {
    const event: LocationEvent = {
      eventId: this.options.random.uuid(),
      eventType: request.kind === 'revoke-assets' ? 'REVOKE' : request.eventType,
      request,
      numRequested: countRequested(request),
      status: 'PENDING',
      numCompleted: 0,
      failures: [],
      submittedAt: this.options.now(),
      completedAt: undefined,
    };
    location.addEvent(event);
    const timer = setTimeout(() => this.complete(location, event), this.options.delayMs());
    this.timers.set(event.eventId, { timer, location, event });
    return event;
  }

  /** Applies every pending event now, in submission order. */
  completeAllPending(): number {
    const pending = [...this.timers.values()];
    for (const { location, event } of pending) this.complete(location, event);
    return pending.length;
  }

  close(): void {
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private complete(location: Location, event: LocationEvent): void {
    const scheduled = this.timers.get(event.eventId);
    if (scheduled === undefined || event.status !== 'PENDING') return;
    clearTimeout(scheduled.timer);
    this.timers.delete(event.eventId);
    const applied = this.apply(location, event);
    event.numCompleted = applied.numCompleted;
    event.failures = applied.failures;
    // Apple's FAILED covers partial success too (its example: 14 of 16 done).
    event.status = applied.failures.length > 0 ? 'FAILED' : 'COMPLETE';
    event.completedAt = this.options.now();
    this.options.notifications.send(location, applied.notifications);
  }

  private apply(location: Location, event: LocationEvent): AppliedEvent {
    const request = event.request;
    switch (request.kind) {
      case 'manage-assets':
        return applyManageAssets(location, event, request);
      case 'revoke-assets':
        return applyRevokeAssets(location, event, request);
      case 'manage-users':
        return applyManageUsers(location, event, request, {
          random: this.options.random,
          retireRevokesLicenses: this.options.retireRevokesLicenses,
        });
    }
  }
}

function countRequested(request: EventRequest): number {
  switch (request.kind) {
    case 'manage-assets':
      return request.assets.length * (request.clientUserIds.length + request.serialNumbers.length);
    case 'revoke-assets':
      return request.clientUserIds.length + request.serialNumbers.length;
    case 'manage-users':
      return request.users.length;
  }
}
