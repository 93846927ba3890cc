import { describe, expect, it } from 'vitest';
import { parseVppNotification } from '../src/apple-notifications.ts';

// Bodies from Apple's "Subscribing to notifications" and "Handling error responses" examples.

const envelope = { notificationId: 'ba8bbb23-44c2-44f6-a928-eff6ba5ffac5', uId: '2049025000431439' };

describe('parseVppNotification', () => {
  it('parses ASSET_MANAGEMENT with an error', () => {
    const result = parseVppNotification({
      ...envelope,
      notificationType: 'ASSET_MANAGEMENT',
      notification: {
        assignments: [
          { adamId: '1234', pricingParam: 'STDQ', serialNumber: 'device1' },
          { adamId: '1234', pricingParam: 'STDQ', clientUserId: 'user1' },
        ],
        error: { errorMessage: "There aren't enough assets available.", errorNumber: 9709 },
        eventId: 'f743928c-cc93-4a17-a53f-50c552ce1e06',
        result: 'FAILURE',
        type: 'ASSOCIATE',
      },
    });
    expect(result).toMatchObject({ ok: true, known: true });
    if (!result.ok || !result.known || result.notification.notificationType !== 'ASSET_MANAGEMENT') {
      throw new Error('expected an ASSET_MANAGEMENT notification');
    }
    expect(result.notification.notification.error?.errorNumber).toBe(9709);
    expect(result.notification.notification.assignments).toHaveLength(2);
  });

  it('parses ASSET_COUNT with a negative delta', () => {
    const result = parseVppNotification({
      ...envelope,
      notificationType: 'ASSET_COUNT',
      notification: { adamId: '408709785', countDelta: -12, pricingParam: 'STDQ' },
    });
    expect(result).toEqual({
      ok: true,
      known: true,
      notification: {
        ...envelope,
        notificationType: 'ASSET_COUNT',
        notification: { adamId: '408709785', countDelta: -12, pricingParam: 'STDQ' },
      },
    });
  });

  it('parses USER_MANAGEMENT and USER_ASSOCIATED', () => {
    const user = {
      clientUserId: 'client-100',
      email: 'client-100@apple.com',
      idHash: 'leSKk3IaE2vk2KLmv2k3/200D3=',
      inviteCode: 'f551b37da07146628e8dcbe0111f0364',
      status: 'Associated',
    };
    expect(
      parseVppNotification({
        ...envelope,
        notificationType: 'USER_MANAGEMENT',
        notification: {
          eventId: 'e',
          result: 'SUCCESS',
          type: 'RETIRE',
          users: [{ ...user, status: 'Retired' }],
        },
      }),
    ).toMatchObject({ ok: true, known: true });
    expect(
      parseVppNotification({
        ...envelope,
        notificationType: 'USER_ASSOCIATED',
        notification: { associatedUsers: [user] },
      }),
    ).toMatchObject({ ok: true, known: true, notification: { notification: { associatedUsers: [user] } } });
  });

  it('parses TEST_NOTIFICATION', () => {
    expect(
      parseVppNotification({ ...envelope, notificationType: 'TEST_NOTIFICATION', notification: {} }),
    ).toMatchObject({
      ok: true,
      known: true,
    });
  });

  it('passes other types through with only the envelope checked', () => {
    const body = {
      ...envelope,
      notificationType: 'SUBSCRIPTION_COUNT',
      notification: { adamId: 12345, counts: { total: { renewing: 100 } } },
    };
    expect(parseVppNotification(body)).toEqual({ ok: true, known: false, notification: body });
  });

  it('names the invalid fields', () => {
    const result = parseVppNotification({
      uId: 'u',
      notificationType: 'ASSET_COUNT',
      notification: { adamId: '1', pricingParam: 'STDQ', countDelta: 'three' },
    });
    expect(result.ok).toBe(false);
    if (result.ok) throw new Error('expected a failure');
    expect(result.issues.map((issue) => issue.path)).toEqual(['notificationId']);

    const payload = parseVppNotification({
      ...envelope,
      notificationType: 'ASSET_COUNT',
      notification: { adamId: '1', pricingParam: 'STDQ', countDelta: 'three' },
    });
    if (payload.ok) throw new Error('expected a failure');
    expect(payload.issues.map((issue) => issue.path)).toEqual(['notification.countDelta']);
  });
});
