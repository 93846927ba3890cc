// The sync run lifecycle, written once as data: what each event does to a run in each state, and
// what it writes on the token's sync columns. `core/sync/sync-run-store.ts` turns these effects
// into SQL; nothing else decides them.
//
// | from           | event        | to        | run                       | token's sync columns                           |
// |----------------|--------------|-----------|---------------------------|------------------------------------------------|
// | (none)         | REQUEST      | QUEUED    | created, job queued       | active run := this run                         |
// | QUEUED/RUNNING | REQUEST      | (same)    | re-queued if stalled      | —                                              |
// | QUEUED/RUNNING | TAKE_LEASE   | RUNNING   | lease taken, attempts + 1 | —                                              |
// | RUNNING        | COMMIT_PAGES | RUNNING   | resume point moves        | —                                              |
// | RUNNING        | LEASE_EXPIRE | RUNNING   | resumable by any worker   | —                                              |
// | RUNNING        | RETRY_LATER  | RUNNING   | lease released            | backoff until Retry-After / 2^attempt s        |
// | RUNNING        | SUCCEED      | SUCCEEDED | finished, lease released  | active run cleared, synced now, errors, backoff |
// |                |              |           |                           | and another MDM cleared, checkpoint stored;    |
// |                |              |           |                           | a FULL run also: last full sync, restore mark  |
// |                |              |           |                           | cleared; follow-up jobs queued (same commit)   |
// | RUNNING        | FAIL         | FAILED    | finished with error code  | active run cleared, synced now, error stored,  |
// |                |              |           |                           | backoff cleared; the token marked per code     |
// | RUNNING        | GIVE_UP      | FAILED    | as FAIL, code GAVE_UP     | as FAIL                                        |
//
// SUCCEEDED and FAILED are final: every event on them is refused (a late worker commits nothing).

export type SyncRunStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';
/** `NONE`: the token has no active run (before REQUEST). */
export type SyncRunState = SyncRunStatus | 'NONE';

export type SyncRunEvent =
  | 'REQUEST'
  | 'TAKE_LEASE'
  | 'COMMIT_PAGES'
  | 'LEASE_EXPIRE'
  | 'RETRY_LATER'
  | 'SUCCEED'
  | 'FAIL'
  | 'GIVE_UP';

/** What a transition writes on the run row itself. */
export interface RunEffect {
  lease: 'take' | 'keep' | 'release';
  attempt: boolean;
  finished: boolean;
  /** Ends a run whose job may be gone: queue a job with the run's key. */
  queueJob: 'always' | 'if-stalled' | 'no';
}

/** What a transition writes on the token's sync columns; `keep` leaves a column as it is. */
export interface TokenSyncEffect {
  activeSyncRun: 'set' | 'clear' | 'keep';
  lastSyncedAt: 'now' | 'keep';
  lastSuccessfulSyncAt: 'now' | 'keep';
  /** `now-if-full`: set when the run was a FULL one. */
  lastFullSyncAt: 'now-if-full' | 'keep';
  lastSyncError: 'set' | 'clear' | 'keep';
  backoffUntil: 'set' | 'clear' | 'keep';
  assignmentsVersion: 'set' | 'keep';
  foreignMdmInfo: 'clear' | 'keep';
  restoreSuspectedAt: 'clear-if-full' | 'keep';
  locationName: 'refresh' | 'keep';
  /** Follow-up jobs queued in the same commit (shortfall retries now; alerts and reclaim later). */
  followUps: boolean;
}

export interface SyncRunTransition {
  to: SyncRunStatus;
  run: RunEffect;
  token: TokenSyncEffect;
}

const untouched: TokenSyncEffect = {
  activeSyncRun: 'keep',
  lastSyncedAt: 'keep',
  lastSuccessfulSyncAt: 'keep',
  lastFullSyncAt: 'keep',
  lastSyncError: 'keep',
  backoffUntil: 'keep',
  assignmentsVersion: 'keep',
  foreignMdmInfo: 'keep',
  restoreSuspectedAt: 'keep',
  locationName: 'keep',
  followUps: false,
};

const runKept: RunEffect = { lease: 'keep', attempt: false, finished: false, queueJob: 'no' };

const failed: SyncRunTransition = {
  to: 'FAILED',
  run: { lease: 'release', attempt: false, finished: true, queueJob: 'no' },
  token: {
    ...untouched,
    activeSyncRun: 'clear',
    lastSyncedAt: 'now',
    lastSyncError: 'set',
    backoffUntil: 'clear',
  },
};

type Table = Partial<Record<SyncRunState, Partial<Record<SyncRunEvent, SyncRunTransition>>>>;

const takeLease: SyncRunTransition = {
  to: 'RUNNING',
  run: { lease: 'take', attempt: true, finished: false, queueJob: 'no' },
  token: untouched,
};

const requestAgain = (status: SyncRunStatus): SyncRunTransition => ({
  to: status,
  run: { ...runKept, queueJob: 'if-stalled' },
  token: untouched,
});

export const SYNC_RUN_LIFECYCLE: Table = {
  NONE: {
    REQUEST: {
      to: 'QUEUED',
      run: { ...runKept, queueJob: 'always' },
      token: { ...untouched, activeSyncRun: 'set' },
    },
  },
  QUEUED: {
    REQUEST: requestAgain('QUEUED'),
    TAKE_LEASE: takeLease,
  },
  RUNNING: {
    REQUEST: requestAgain('RUNNING'),
    TAKE_LEASE: takeLease,
    COMMIT_PAGES: { to: 'RUNNING', run: runKept, token: untouched },
    LEASE_EXPIRE: { to: 'RUNNING', run: { ...runKept, queueJob: 'if-stalled' }, token: untouched },
    RETRY_LATER: {
      to: 'RUNNING',
      run: { ...runKept, lease: 'release' },
      token: { ...untouched, backoffUntil: 'set' },
    },
    SUCCEED: {
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
    },
    FAIL: failed,
    GIVE_UP: failed,
  },
};

export class IllegalSyncTransition extends Error {
  constructor(
    readonly from: SyncRunState,
    readonly event: SyncRunEvent,
  ) {
    super(`a sync run in state ${from} cannot take event ${event}`);
    this.name = 'IllegalSyncTransition';
  }
}

/** The transition for `event` in state `from`, or null when the lifecycle has none. */
export function syncRunTransition(from: SyncRunState, event: SyncRunEvent): SyncRunTransition | null {
  return SYNC_RUN_LIFECYCLE[from]?.[event] ?? null;
}

/** As syncRunTransition, for callers that only ever take legal steps. */
export function requireSyncRunTransition(from: SyncRunState, event: SyncRunEvent): SyncRunTransition {
  const transition = syncRunTransition(from, event);
  if (!transition) throw new IllegalSyncTransition(from, event);
  return transition;
}

/** The statuses from which `event` is allowed: the guard a store's UPDATE … WHERE status IN (…) uses. */
export function statusesAccepting(event: SyncRunEvent): SyncRunStatus[] {
  return (['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED'] as const).filter(
    (status) => syncRunTransition(status, event) !== null,
  );
}

export function isFinished(status: SyncRunStatus): boolean {
  return status === 'SUCCEEDED' || status === 'FAILED';
}

/** How a permanent failure marks the token itself (beyond its error), by failure code. */
export type TokenMark = 'expired' | 'revoked' | 'foreign-mdm' | null;

export function tokenMarkFor(failureCode: string): TokenMark {
  switch (failureCode) {
    case 'TOKEN_EXPIRED':
      return 'expired';
    case 'TOKEN_REVOKED':
      return 'revoked';
    case 'IN_USE_ELSEWHERE':
      return 'foreign-mdm';
    default:
      return null;
  }
}

/** How long the token rests before the queue's retry: Apple's Retry-After, else 2^attempt s (≤ 60 s). */
export function backoffMs(attempt: number, retryAfterMs: number | null): number {
  return retryAfterMs ?? Math.min(60_000, 1000 * 2 ** attempt);
}
