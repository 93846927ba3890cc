import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  requireSyncRunTransition,
  SYNC_RUN_LIFECYCLE,
  type SyncRunEvent,
  type SyncRunState,
  statusesAccepting,
  syncRunTransition,
  tokenMarkFor,
} from '../src/sync/sync-run-lifecycle.ts';

const states: SyncRunState[] = ['NONE', 'QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED'];
const events: SyncRunEvent[] = [
  'REQUEST',
  'TAKE_LEASE',
  'COMMIT_PAGES',
  'LEASE_EXPIRE',
  'RETRY_LATER',
  'SUCCEED',
  'FAIL',
  'GIVE_UP',
];

describe('sync run lifecycle table, every row', () => {
  it.each([
    ['NONE', 'REQUEST', 'QUEUED'],
    ['QUEUED', 'REQUEST', 'QUEUED'],
    ['RUNNING', 'REQUEST', 'RUNNING'],
    ['QUEUED', 'TAKE_LEASE', 'RUNNING'],
    ['RUNNING', 'TAKE_LEASE', 'RUNNING'],
    ['RUNNING', 'COMMIT_PAGES', 'RUNNING'],
    ['RUNNING', 'LEASE_EXPIRE', 'RUNNING'],
    ['RUNNING', 'RETRY_LATER', 'RUNNING'],
    ['RUNNING', 'SUCCEED', 'SUCCEEDED'],
    ['RUNNING', 'FAIL', 'FAILED'],
    ['RUNNING', 'GIVE_UP', 'FAILED'],
  ] as const)('%s + %s → %s', (from, event, to) => {
    expect(syncRunTransition(from, event)?.to).toBe(to);
  });

  it('has exactly those rows: every other state × event is refused', () => {
    const rows = states.flatMap((state) =>
      events.filter((event) => syncRunTransition(state, event)).map((event) => `${state}+${event}`),
    );
    expect(rows).toHaveLength(11);
    for (const final of ['SUCCEEDED', 'FAILED'] as const) {
      for (const event of events) expect(syncRunTransition(final, event)).toBeNull();
    }
    expect(() => requireSyncRunTransition('SUCCEEDED', 'SUCCEED')).toThrow(
      /SUCCEEDED cannot take event SUCCEED/,
    );
    expect(() => requireSyncRunTransition('QUEUED', 'SUCCEED')).toThrow();
  });

  it('REQUEST takes the token slot and always queues a job; a repeated REQUEST queues one only if stalled', () => {
    const first = requireSyncRunTransition('NONE', 'REQUEST');
    expect(first.token.activeSyncRun).toBe('set');
    expect(first.run.queueJob).toBe('always');
    for (const from of ['QUEUED', 'RUNNING'] as const) {
      const again = requireSyncRunTransition(from, 'REQUEST');
      expect(again.token.activeSyncRun).toBe('keep');
      expect(again.run.queueJob).toBe('if-stalled');
    }
    expect(requireSyncRunTransition('RUNNING', 'LEASE_EXPIRE').run.queueJob).toBe('if-stalled');
  });

  it('TAKE_LEASE counts an attempt and touches no token column', () => {
    const take = requireSyncRunTransition('QUEUED', 'TAKE_LEASE');
    expect(take.run).toMatchObject({ lease: 'take', attempt: true, finished: false });
    expect(Object.values(take.token).every((value) => value === 'keep' || value === false)).toBe(true);
  });

  it('RETRY_LATER releases the lease and sets the backoff, nothing else', () => {
    const retry = requireSyncRunTransition('RUNNING', 'RETRY_LATER');
    expect(retry.run).toMatchObject({ lease: 'release', finished: false });
    expect(retry.token.backoffUntil).toBe('set');
    expect(retry.token.activeSyncRun).toBe('keep');
    expect(retry.token.lastSyncError).toBe('keep');
  });

  it('SUCCEED frees the slot, stamps the sync, clears errors, backoff and another MDM, and queues follow-ups', () => {
    expect(requireSyncRunTransition('RUNNING', 'SUCCEED')).toEqual({
      to: 'SUCCEEDED',
      run: { lease: 'release', attempt: false, finished: true, queueJob: 'no' },
      token: {
        activeSyncRun: 'clear',
        lastSyncedAt: 'now',
        lastSuccessfulSyncAt: 'now',
        lastFullSyncAt: 'now-if-full',
        lastSyncError: 'clear',
        backoffUntil: 'clear',
        assignmentsVersion: 'set',
        foreignMdmInfo: 'clear',
        restoreSuspectedAt: 'clear-if-full',
        locationName: 'refresh',
        followUps: true,
      },
    });
  });

  it.each(['FAIL', 'GIVE_UP'] as const)(
    '%s frees the slot, stamps the sync with its error, clears backoff, keeps the last success',
    (event) => {
      const failed = requireSyncRunTransition('RUNNING', event);
      expect(failed.to).toBe('FAILED');
      expect(failed.run).toMatchObject({ lease: 'release', finished: true });
      expect(failed.token).toMatchObject({
        activeSyncRun: 'clear',
        lastSyncedAt: 'now',
        lastSuccessfulSyncAt: 'keep',
        lastFullSyncAt: 'keep',
        lastSyncError: 'set',
        backoffUntil: 'clear',
        assignmentsVersion: 'keep',
        followUps: false,
      });
    },
  );

  it('names the statuses a store guards each event with', () => {
    expect(statusesAccepting('TAKE_LEASE')).toEqual(['QUEUED', 'RUNNING']);
    expect(statusesAccepting('REQUEST')).toEqual(['QUEUED', 'RUNNING']);
    expect(statusesAccepting('SUCCEED')).toEqual(['RUNNING']);
    expect(Object.keys(SYNC_RUN_LIFECYCLE)).toEqual(['NONE', 'QUEUED', 'RUNNING']);
  });

  it.each([
    ['TOKEN_EXPIRED', 'expired'],
    ['TOKEN_REVOKED', 'revoked'],
    ['IN_USE_ELSEWHERE', 'foreign-mdm'],
    ['TOKEN_REFUSED', null],
    ['GAVE_UP', null],
  ] as const)('a %s failure marks the token %s', (code, mark) => {
    expect(tokenMarkFor(code)).toBe(mark);
  });

  it('backs off for Apple’s Retry-After, else 2^attempt seconds up to a minute', () => {
    expect(backoffMs(1, 5000)).toBe(5000);
    expect(backoffMs(1, null)).toBe(2000);
    expect(backoffMs(3, null)).toBe(8000);
    expect(backoffMs(9, null)).toBe(60_000);
  });
});
