import { describe, expect, it } from 'vitest';
import { computeTokenStatus, type TokenStatusFacts } from '../src/tokens/token-status.ts';

const now = new Date('2026-06-01T12:00:00Z');
const day = 24 * 60 * 60 * 1000;
const healthy: TokenStatusFacts = {
  expiresAt: new Date(now.getTime() + 200 * day),
  revokedAt: null,
  foreignMdmName: null,
  lastSyncError: null,
};

describe('token status', () => {
  it('is VALID well before expiry', () => {
    expect(computeTokenStatus(healthy, now)).toEqual({
      status: 'VALID',
      reason: 'Valid for 200 days.',
      params: { days: 200 },
    });
  });

  it.each([
    [30 * day, 'EXPIRING', '30 days'],
    [30 * day + 1, 'VALID', '31 days'],
    [1, 'EXPIRING', '1 day'],
    [day, 'EXPIRING', '1 day'],
    [0, 'EXPIRED', ''],
    [-1, 'EXPIRED', ''],
  ])('with %i ms left it is %s', (msLeft, status, inReason) => {
    const result = computeTokenStatus({ ...healthy, expiresAt: new Date(now.getTime() + msLeft) }, now);
    expect(result.status).toBe(status);
    expect(result.reason).toContain(inReason);
    // The days the reason names are given as a number too, for the console to translate.
    if (status !== 'EXPIRED') expect(`${result.params.days} day`).toBe(inReason.replace('days', 'day'));
  });

  it('puts revoked before expired, expired before another MDM, another MDM before a sync error', () => {
    const everything: TokenStatusFacts = {
      expiresAt: new Date(now.getTime() - day),
      revokedAt: now,
      foreignMdmName: 'Other MDM',
      lastSyncError: 'boom',
    };
    expect(computeTokenStatus(everything, now).status).toBe('REVOKED');
    expect(computeTokenStatus({ ...everything, revokedAt: null }, now).status).toBe('EXPIRED');
    const inUse = computeTokenStatus({ ...everything, revokedAt: null, expiresAt: healthy.expiresAt }, now);
    expect(inUse).toMatchObject({ status: 'IN_USE_ELSEWHERE' });
    expect(inUse.reason).toContain('Other MDM');
    expect(inUse.params).toEqual({ mdmName: 'Other MDM' });
    expect(computeTokenStatus({ ...healthy, lastSyncError: 'Apple answered 503' }, now)).toEqual({
      status: 'SYNC_ERROR',
      reason: 'The last sync failed: Apple answered 503',
      params: { error: 'Apple answered 503' },
    });
  });

  it('warns of expiry only when nothing worse is true', () => {
    const soon = new Date(now.getTime() + 3 * day);
    expect(computeTokenStatus({ ...healthy, expiresAt: soon, lastSyncError: 'x' }, now).status).toBe(
      'SYNC_ERROR',
    );
  });
});
