import type { ServiceLimits } from './apple/service-limits.ts';
import type { FilteredListCache } from './endpoints/filtered-list-cache.ts';
import type { EventScheduler } from './events/event-scheduler.ts';
import type { FaultSettings } from './http/faults.ts';
import type { RateLimiter } from './http/rate-limiter.ts';
import type { RequestLog } from './http/request-log.ts';
import type { NotificationSender } from './notifications/notification-sender.ts';
import type { Organisation } from './state/organisation.ts';

/**
 * Switches for behaviour the brief marks unverified or conflicting. Defaults follow Apple's
 * documentation; see the package README for each.
 */
export interface EmulatorQuirks {
  /** A Fleet comment says Apple answers a bad token with HTTP 200 and an error body. Default false (401). */
  authErrorsWithHttp200: boolean;
  /** Fleet asserts Apple accepts users or serial numbers per request, not both. Default false (both allowed). */
  rejectMixedUsersAndDevices: boolean;
  /** v1 retire released the user's revocable licences; v2's docs do not say. Default true. */
  retireRevokesLicenses: boolean;
  /** `totalPages` of an empty list. Default 0 (page 0 is still served). */
  emptyListTotalPages: 0 | 1;
}

export const DEFAULT_QUIRKS: Readonly<EmulatorQuirks> = Object.freeze({
  authErrorsWithHttp200: false,
  rejectMixedUsersAndDevices: false,
  retireRevokesLicenses: true,
  emptyListTotalPages: 0,
});

/** Which notification URLs `POST /client/config` accepts besides HTTPS ones (Apple: HTTPS only, 9712). */
export type HttpNotificationUrls = 'reject' | 'loopback' | 'allow';

export interface PageSizes {
  assets: number;
  assignments: number;
  users: number;
}

/** Everything request handling needs, built once by `createEmulator`. */
export interface EmulatorContext {
  organisation: Organisation;
  /** Mutable: `PUT /_emulator/limits` changes it, like Apple's dynamic limits. */
  limits: ServiceLimits;
  pageSizes: PageSizes;
  quirks: EmulatorQuirks;
  rateLimitEnabled: boolean;
  httpNotificationUrls: HttpNotificationUrls;
  /** Base URL used in the service config's `urls`; by default taken from each request's Host. */
  publicBaseUrl: string | undefined;
  faults: FaultSettings;
  events: EventScheduler;
  notifications: NotificationSender;
  requestLog: RequestLog;
  rateLimiter: RateLimiter;
  listCache: FilteredListCache;
  now: () => Date;
}
