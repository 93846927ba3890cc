import { z } from 'zod';
import { formatAppleDate } from '../apple/apple-date.ts';
import type { ServiceLimits } from '../apple/service-limits.ts';
import type { EmulatorContext } from '../emulator-context.ts';
import { responseAsset } from '../endpoints/list-assets.ts';
import { acceptInvitation } from '../events/apply-user-event.ts';
import type { FaultSettings } from '../http/faults.ts';
import { noFaults } from '../http/faults.ts';
import type { LoggedRequest } from '../http/request-log.ts';
import type { NotificationDelivery } from '../notifications/notification-sender.ts';
import type { Location } from '../state/location.ts';
import { responseUser } from '../state/user-identity.ts';
import { changeAssignmentsOutside } from './change-assignments-outside.ts';
import { ControlError } from './control-error.ts';
import {
  acceptInvitationRequest,
  claimRequest,
  createLocationRequest,
  expireRequest,
  faultsRequest,
  limitsRequest,
  outsideAssignmentsRequest,
  purchaseRequest,
  renewRequest,
} from './control-schemas.ts';
import { createLocation } from './create-location.ts';
import { locationSnapshot, locationSummary } from './describe-location.ts';
import { recordPurchase } from './record-purchase.ts';
import {
  claimLocation,
  expireLocationTokens,
  renewLocationToken,
  revokeLocationTokens,
} from './token-lifecycle.ts';

function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) throw new ControlError(400, z.prettifyError(result.error));
  return result.data;
}

/**
 * The emulator's control surface, the same for tests in-process and for `/_emulator` over HTTP:
 * what Apple Business/School Manager, Apple itself or a second MDM would do to a location.
 */
export function createEmulatorControl(context: EmulatorContext) {
  const { organisation } = context;

  const findLocation = (locationId: string): Location => {
    const location = organisation.findLocation(locationId);
    if (location === undefined) throw new ControlError(404, `no location ${locationId}`);
    return location;
  };

  return {
    listLocations: () => organisation.locations.map((location) => locationSummary(location, context.now())),

    createLocation(input: z.input<typeof createLocationRequest>) {
      const location = createLocation(organisation, parse(createLocationRequest, input), context.now());
      return { locationId: location.id, uId: location.uId, vppToken: location.currentToken.vppToken };
    },

    describeLocation: (locationId: string) => locationSummary(findLocation(locationId), context.now()),

    locationState: (locationId: string) => locationSnapshot(findLocation(locationId), context.now()),

    /** The `.vpptoken` file content of a location's newest token. */
    vppToken: (locationId: string) => findLocation(locationId).currentToken.vppToken,

    revokeToken(locationId: string) {
      revokeLocationTokens(findLocation(locationId));
      return locationSummary(findLocation(locationId), context.now());
    },

    expireToken(locationId: string, input: z.input<typeof expireRequest> = {}) {
      const { expiresAt } = parse(expireRequest, input);
      // Without a date the token expired a moment ago.
      expireLocationTokens(
        findLocation(locationId),
        expiresAt ? new Date(expiresAt) : new Date(context.now().getTime() - 1000),
      );
      return locationSummary(findLocation(locationId), context.now());
    },

    renewToken(locationId: string, input: z.input<typeof renewRequest> = {}) {
      const request = parse(renewRequest, input);
      const location = findLocation(locationId);
      const expiresAt = request.expiresAt
        ? new Date(request.expiresAt)
        : new Date(context.now().getTime() + 365 * 24 * 60 * 60 * 1000);
      const vppToken = renewLocationToken(organisation, location, expiresAt, request.revokePrevious ?? false);
      return { vppToken, tokenExpirationDate: formatAppleDate(expiresAt) };
    },

    claim(locationId: string, input: z.input<typeof claimRequest> = {}) {
      const request = parse(claimRequest, input);
      const mdmInfo = request.mdmInfo ?? {
        id: organisation.random.uuid(),
        name: 'Another MDM',
        metadata: '1.0',
      };
      claimLocation(findLocation(locationId), mdmInfo);
      return locationSummary(findLocation(locationId), context.now());
    },

    purchase(locationId: string, input: z.input<typeof purchaseRequest>) {
      const location = findLocation(locationId);
      const request = parse(purchaseRequest, input);
      const notification = recordPurchase(organisation, location, request);
      context.notifications.send(location, [notification]);
      const asset = location.findAsset(request.adamId, request.pricingParam ?? 'STDQ');
      if (asset === undefined) throw new Error('purchased asset is missing');
      return responseAsset(location, asset);
    },

    changeAssignments(locationId: string, input: z.input<typeof outsideAssignmentsRequest>) {
      const location = findLocation(locationId);
      const result = changeAssignmentsOutside(location, parse(outsideAssignmentsRequest, input));
      return { ...result, versionId: location.assignmentsVersion.currentVersionId };
    },

    acceptInvitation(
      locationId: string,
      clientUserId: string,
      input: z.input<typeof acceptInvitationRequest> = {},
    ) {
      const location = findLocation(locationId);
      const user = location.findUser(clientUserId);
      if (user === undefined) throw new ControlError(404, `no user ${clientUserId}`);
      if (user.status !== 'Registered') throw new ControlError(409, `user ${clientUserId} is ${user.status}`);
      const { appleAccount } = parse(acceptInvitationRequest, input);
      context.notifications.send(
        location,
        acceptInvitation(location, user, appleAccount ?? `${clientUserId}@appleid.example`),
      );
      return responseUser(user);
    },

    /** Applies every PENDING event now instead of waiting for the event delay. */
    completePendingEvents: () => context.events.completeAllPending(),

    /** Resolves when every notification has been delivered or has used its attempts. */
    notificationsIdle: () => context.notifications.idle(),

    notifications: (filter: { locationId?: string } = {}): NotificationDelivery[] =>
      context.notifications.deliveries(filter),

    requests: (filter: { locationId?: string; path?: string; limit?: number } = {}): LoggedRequest[] =>
      context.requestLog.list(filter),

    clearRequests: () => context.requestLog.clear(),

    faults: (): FaultSettings => structuredClone(context.faults),

    setFaults(input: z.input<typeof faultsRequest>): FaultSettings {
      const { failNext, ...rates } = parse(faultsRequest, input);
      Object.assign(context.faults, rates);
      if (failNext !== undefined) {
        context.faults.failNext = {
          count: failNext.count,
          status: failNext.status ?? context.faults.failNext.status,
        };
      }
      return structuredClone(context.faults);
    },

    resetFaults(): FaultSettings {
      Object.assign(context.faults, noFaults());
      return structuredClone(context.faults);
    },

    limits: (): ServiceLimits => ({ ...context.limits }),

    setLimits(input: Partial<ServiceLimits>): ServiceLimits {
      const changes = parse(limitsRequest, input);
      for (const [key, value] of Object.entries(changes)) {
        if (!(key in context.limits)) throw new ControlError(400, `unknown limit ${key}`);
        context.limits[key as keyof ServiceLimits] = value;
      }
      return { ...context.limits };
    },
  };
}

export type EmulatorControl = ReturnType<typeof createEmulatorControl>;
