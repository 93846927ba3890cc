// The deployment target lifecycle as data: every way a target is created and every move it makes,
// with what the move does to the store app's reserved licenses. The store
// (core/deployments/deployment-store.ts) reads its WHERE and SET clauses from these rows, so a
// change of the lifecycle is a change of this table. docs/deployments.md explains each state.

export type DeploymentAction = 'INSTALL' | 'UNINSTALL';
export type TargetState = 'PENDING' | 'LICENSED' | 'INSTALLED' | 'REMOVED' | 'LICENSE_RELEASED' | 'FAILED';
export type DeploymentStatus = 'ACTIVE' | 'FINISHED' | 'STOPPED';

/** How a target starts, decided when the deployment is created. */
export type TargetStart =
  /** Install: a free license is set aside for the target until Apple confirms it. */
  | 'FREE_LICENSE'
  /** Install: the license is held already (Apple shows it, or another target reserved it). */
  | 'LICENSE_HELD'
  /** Install: no free license; retried when a sync finds more. */
  | 'NO_FREE_LICENSE'
  /** Install: the device cannot run the app. */
  | 'PLATFORM_NOT_SUPPORTED'
  /** A user license is needed and the device has no primary user. */
  | 'NO_PRIMARY_USER'
  /** Uninstall: the app is to be removed, then the license released. */
  | 'TO_REMOVE';

export type TargetEvent =
  /** Apple already shows the target's license (a sync or an earlier claim). */
  | 'LICENSE_ALREADY_HELD'
  /** Apple's associate event succeeded for the target. */
  | 'LICENSE_CLAIMED'
  /** Apple's associate event failed for the target (e.g. 9709: none left). */
  | 'LICENSE_REFUSED'
  /**
   * A claim whose outcome was never recorded (a crash between asking Apple and writing its event
   * id): Apple's /assignments show the license, so it is held without claiming it again.
   */
  | 'LICENSE_FOUND_AT_APPLE'
  /** The device reported the app installed. */
  | 'INSTALL_REPORTED'
  /** The device reported the app removed. */
  | 'REMOVE_REPORTED'
  /** The device reported the command failed. */
  | 'DEVICE_FAILED'
  /** The target is a person who is no device's primary user: no command can go anywhere. */
  | 'NO_DEVICE'
  /** Apple's disassociate event succeeded for the target. */
  | 'LICENSE_RELEASED'
  /** Apple's disassociate event failed for the target. */
  | 'RELEASE_REFUSED'
  /** A release whose outcome was never recorded: Apple's /assignments no longer show the license. */
  | 'RELEASE_FOUND_AT_APPLE'
  /**
   * The reconciler found a target holding a reservation although no claim of it can run any more
   * (it is past PENDING): the reservation goes back, the state stays.
   */
  | 'RESERVATION_ORPHANED'
  /** A sync found licenses free again (bought since). */
  | 'LICENSES_BOUGHT'
  /** An uninstall deployment removed the app and its license from this install target's devices. */
  | 'REMOVED_BY_UNINSTALL'
  /** The deployment was stopped: licenses set aside and not yet sent to Apple go back. */
  | 'DEPLOYMENT_STOPPED';

/**
 * What a move does to `store_apps.reserved_count`: RESERVE adds one and marks the target as holding
 * it; RELEASE gives back the one the target holds (nothing when it holds none); KEEP leaves it.
 */
export type Reservation = 'RESERVE' | 'RELEASE' | 'KEEP';

export type ErrorCode =
  | 'NO_PRIMARY_USER'
  | 'NO_LICENSE_AVAILABLE'
  | 'PLATFORM_NOT_SUPPORTED'
  | 'NO_DEVICE'
  | 'DEVICE_FAILED';

export interface TargetStartRow {
  action: DeploymentAction;
  start: TargetStart;
  state: TargetState;
  reservation: 'RESERVE' | 'KEEP';
  errorCode: ErrorCode | null;
}

export interface TargetTransition {
  action: DeploymentAction;
  from: TargetState;
  event: TargetEvent;
  to: TargetState;
  reservation: Reservation;
  /** Only targets with this error code take the move (a FAILED target waiting for licenses). */
  onlyWithErrorCode?: ErrorCode;
  /** The error code the target has after the move (null clears it; undefined keeps it). */
  errorCode?: ErrorCode | null;
}

export const TARGET_STARTS: readonly TargetStartRow[] = [
  { action: 'INSTALL', start: 'FREE_LICENSE', state: 'PENDING', reservation: 'RESERVE', errorCode: null },
  { action: 'INSTALL', start: 'LICENSE_HELD', state: 'PENDING', reservation: 'KEEP', errorCode: null },
  {
    action: 'INSTALL',
    start: 'NO_FREE_LICENSE',
    state: 'FAILED',
    reservation: 'KEEP',
    errorCode: 'NO_LICENSE_AVAILABLE',
  },
  {
    action: 'INSTALL',
    start: 'PLATFORM_NOT_SUPPORTED',
    state: 'FAILED',
    reservation: 'KEEP',
    errorCode: 'PLATFORM_NOT_SUPPORTED',
  },
  {
    action: 'INSTALL',
    start: 'NO_PRIMARY_USER',
    state: 'FAILED',
    reservation: 'KEEP',
    errorCode: 'NO_PRIMARY_USER',
  },
  {
    action: 'UNINSTALL',
    start: 'NO_PRIMARY_USER',
    state: 'FAILED',
    reservation: 'KEEP',
    errorCode: 'NO_PRIMARY_USER',
  },
  { action: 'UNINSTALL', start: 'TO_REMOVE', state: 'PENDING', reservation: 'KEEP', errorCode: null },
];

export const TARGET_TRANSITIONS: readonly TargetTransition[] = [
  // Install: license, then command, then the device's word.
  { action: 'INSTALL', from: 'PENDING', event: 'LICENSE_ALREADY_HELD', to: 'LICENSED', reservation: 'KEEP' },
  {
    action: 'INSTALL',
    from: 'PENDING',
    event: 'LICENSE_CLAIMED',
    to: 'LICENSED',
    reservation: 'RELEASE',
    errorCode: null,
  },
  {
    action: 'INSTALL',
    from: 'PENDING',
    event: 'LICENSE_REFUSED',
    to: 'FAILED',
    // Apple's reason names the code: NO_LICENSE_AVAILABLE (9709) waits for a purchase.
    reservation: 'RELEASE',
  },
  {
    action: 'INSTALL',
    from: 'PENDING',
    event: 'LICENSE_FOUND_AT_APPLE',
    to: 'LICENSED',
    reservation: 'RELEASE',
    errorCode: null,
  },
  {
    action: 'INSTALL',
    from: 'LICENSED',
    event: 'RESERVATION_ORPHANED',
    to: 'LICENSED',
    reservation: 'RELEASE',
  },
  {
    action: 'INSTALL',
    from: 'INSTALLED',
    event: 'RESERVATION_ORPHANED',
    to: 'INSTALLED',
    reservation: 'RELEASE',
  },
  { action: 'INSTALL', from: 'FAILED', event: 'RESERVATION_ORPHANED', to: 'FAILED', reservation: 'RELEASE' },
  {
    action: 'INSTALL',
    from: 'REMOVED',
    event: 'RESERVATION_ORPHANED',
    to: 'REMOVED',
    reservation: 'RELEASE',
  },
  {
    action: 'INSTALL',
    from: 'PENDING',
    event: 'DEPLOYMENT_STOPPED',
    to: 'PENDING',
    reservation: 'RELEASE',
  },
  {
    action: 'INSTALL',
    from: 'LICENSED',
    event: 'INSTALL_REPORTED',
    to: 'INSTALLED',
    reservation: 'KEEP',
    errorCode: null,
  },
  {
    action: 'INSTALL',
    from: 'LICENSED',
    event: 'DEVICE_FAILED',
    to: 'FAILED',
    reservation: 'KEEP',
    errorCode: 'DEVICE_FAILED',
  },
  {
    action: 'INSTALL',
    from: 'LICENSED',
    event: 'NO_DEVICE',
    to: 'LICENSED',
    reservation: 'KEEP',
    errorCode: 'NO_DEVICE',
  },
  {
    action: 'INSTALL',
    from: 'FAILED',
    event: 'LICENSES_BOUGHT',
    to: 'PENDING',
    reservation: 'RESERVE',
    onlyWithErrorCode: 'NO_LICENSE_AVAILABLE',
    errorCode: null,
  },
  // A later uninstall: the app and its license are gone from the install target's device(s).
  {
    action: 'INSTALL',
    from: 'INSTALLED',
    event: 'REMOVED_BY_UNINSTALL',
    to: 'REMOVED',
    reservation: 'KEEP',
    errorCode: null,
  },
  {
    action: 'INSTALL',
    from: 'LICENSED',
    event: 'REMOVED_BY_UNINSTALL',
    to: 'REMOVED',
    reservation: 'KEEP',
    errorCode: null,
  },
  // Uninstall: command, the device's word, then the license goes back to Apple.
  {
    action: 'UNINSTALL',
    from: 'PENDING',
    event: 'REMOVE_REPORTED',
    to: 'REMOVED',
    reservation: 'KEEP',
    errorCode: null,
  },
  { action: 'UNINSTALL', from: 'PENDING', event: 'NO_DEVICE', to: 'REMOVED', reservation: 'KEEP' },
  {
    action: 'UNINSTALL',
    from: 'PENDING',
    event: 'DEVICE_FAILED',
    to: 'FAILED',
    reservation: 'KEEP',
    errorCode: 'DEVICE_FAILED',
  },
  {
    action: 'UNINSTALL',
    from: 'REMOVED',
    event: 'LICENSE_RELEASED',
    to: 'LICENSE_RELEASED',
    reservation: 'KEEP',
  },
  {
    action: 'UNINSTALL',
    from: 'REMOVED',
    event: 'RELEASE_REFUSED',
    to: 'FAILED',
    reservation: 'KEEP',
  },
  {
    action: 'UNINSTALL',
    from: 'REMOVED',
    event: 'RELEASE_FOUND_AT_APPLE',
    to: 'LICENSE_RELEASED',
    reservation: 'KEEP',
  },
];

/** How a target of `action` starts for `start`; throws for a start the table does not have. */
export function targetStart(action: DeploymentAction, start: TargetStart): TargetStartRow {
  const row = TARGET_STARTS.find((candidate) => candidate.action === action && candidate.start === start);
  if (!row) throw new Error(`A ${action} target cannot start as ${start}`);
  return row;
}

/** The moves `event` makes for targets of `action` (one per state it applies to). */
export function transitionsOn(action: DeploymentAction, event: TargetEvent): TargetTransition[] {
  const rows = TARGET_TRANSITIONS.filter((row) => row.action === action && row.event === event);
  if (rows.length === 0) throw new Error(`No ${action} target moves on ${event}`);
  return rows;
}

/** The one move `event` makes for a target of `action`; for events that apply to one state. */
export function transitionOn(action: DeploymentAction, event: TargetEvent): TargetTransition {
  const [row, ...more] = transitionsOn(action, event);
  if (!row || more.length > 0) throw new Error(`${action} targets move on ${event} from several states`);
  return row;
}

/** Where a target in `from` goes on `event`, or null when the event does not apply to it. */
export function nextTargetState(
  action: DeploymentAction,
  from: TargetState,
  event: TargetEvent,
  errorCode: string | null = null,
): TargetTransition | null {
  return (
    TARGET_TRANSITIONS.find(
      (row) =>
        row.action === action &&
        row.from === from &&
        row.event === event &&
        (row.onlyWithErrorCode === undefined || row.onlyWithErrorCode === errorCode),
    ) ?? null
  );
}

/**
 * A target has settled when nothing more happens to it without a person acting: the worker has no
 * step left for it. A target waiting for a device's report, for Apple, or for licenses to be bought
 * has not settled.
 */
export function isSettled(action: DeploymentAction, state: TargetState, errorCode: string | null): boolean {
  switch (state) {
    case 'PENDING':
      return false;
    case 'LICENSED':
      // Licensed for a person with no device: nothing to install on until someone acts.
      return action === 'INSTALL' && errorCode === 'NO_DEVICE';
    case 'INSTALLED':
    case 'LICENSE_RELEASED':
      return true;
    case 'REMOVED':
      // For an install, removed by a later uninstall; for an uninstall, the license is still to go.
      return action === 'INSTALL';
    case 'FAILED':
      return !(action === 'INSTALL' && errorCode === 'NO_LICENSE_AVAILABLE');
  }
}

export type DeploymentEvent = 'ALL_TARGETS_SETTLED' | 'STOP';

export interface DeploymentTransition {
  from: DeploymentStatus;
  event: DeploymentEvent;
  to: DeploymentStatus;
  /** Stopping gives back the reservations of targets Apple has not been asked about yet. */
  releasesUnconfirmedReservations: boolean;
}

export const DEPLOYMENT_TRANSITIONS: readonly DeploymentTransition[] = [
  { from: 'ACTIVE', event: 'ALL_TARGETS_SETTLED', to: 'FINISHED', releasesUnconfirmedReservations: false },
  { from: 'ACTIVE', event: 'STOP', to: 'STOPPED', releasesUnconfirmedReservations: true },
  // Retires a finished deployment (it then no longer keeps its collection from being deleted);
  // nothing is reserved any more, and licenses stay where they are.
  { from: 'FINISHED', event: 'STOP', to: 'STOPPED', releasesUnconfirmedReservations: false },
];

/** Where a deployment goes on `event`, or null when it stays (a stopped one stays stopped). */
export function nextDeploymentStatus(
  from: DeploymentStatus,
  event: DeploymentEvent,
): DeploymentTransition | null {
  return DEPLOYMENT_TRANSITIONS.find((row) => row.from === from && row.event === event) ?? null;
}

/** A deployment has finished when each of its targets has settled (one with no targets has too). */
export function allSettled(
  action: DeploymentAction,
  targets: Iterable<{ state: TargetState; errorCode: string | null }>,
): boolean {
  for (const target of targets) if (!isSettled(action, target.state, target.errorCode)) return false;
  return true;
}
