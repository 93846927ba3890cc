/**
 * What went wrong talking to NanoMDM / NanoHUB, in terms a caller can act on.
 * - UNAUTHORIZED: 401, the API key (or the user name for the server kind) is wrong. Not retryable.
 * - NOT_FOUND: 404, the URL or the server kind is wrong (NanoMDM vs NanoHUB paths). Not retryable.
 * - REJECTED: the server refused the request itself (a 4xx, or NanoMDM could not decode the
 *   command plist). Retrying the same request cannot help.
 * - ENQUEUE_FAILED: NanoMDM answered, but queued the command for none of the enrollment ids
 *   (`failedIds` says why for each). Retryable with a new CommandUUID.
 * - UNAVAILABLE: 502/503/504/429 or another 5xx without NanoMDM's result body. Retryable.
 * - UNREACHABLE: no HTTP answer (connection refused, reset, DNS). Retryable.
 * - TIMEOUT: no answer in time. Retryable, but the command may have been queued.
 * - INVALID_RESPONSE: an answer that is not NanoMDM's JSON. Retryable.
 */
export const NANOMDM_ERROR_KINDS = [
  'UNAUTHORIZED',
  'NOT_FOUND',
  'REJECTED',
  'ENQUEUE_FAILED',
  'UNAVAILABLE',
  'UNREACHABLE',
  'TIMEOUT',
  'INVALID_RESPONSE',
] as const;

export type NanoMdmErrorKind = (typeof NANOMDM_ERROR_KINDS)[number];

const RETRYABLE: ReadonlySet<NanoMdmErrorKind> = new Set([
  'ENQUEUE_FAILED',
  'UNAVAILABLE',
  'UNREACHABLE',
  'TIMEOUT',
  'INVALID_RESPONSE',
]);

export interface FailedEnrollment {
  /** The enrollment id (UDID, or UDID:UserGUID for a user channel). */
  id: string;
  /** NanoMDM's words for it (its Go error text). */
  reason: string;
}

export interface NanoMdmErrorInit {
  kind: NanoMdmErrorKind;
  message: string;
  /** `PUT /v1/enqueue` or `GET /v1/push`: the operation, never the URL with ids. */
  operation: string;
  httpStatus?: number;
  /** The enrollment ids the call was for; all of them failed. */
  failedIds?: FailedEnrollment[];
  /** The command sent, when the call was an enqueue. */
  commandUuid?: string;
  /** True when the server may have queued the command even so (a timeout after sending it). */
  mayHaveBeenQueued?: boolean;
  cause?: unknown;
}

export class NanoMdmError extends Error {
  readonly kind: NanoMdmErrorKind;
  readonly operation: string;
  readonly httpStatus: number | undefined;
  readonly failedIds: FailedEnrollment[];
  readonly commandUuid: string | undefined;
  readonly mayHaveBeenQueued: boolean;
  /** Worth trying again later (with backoff); false means a person must fix something first. */
  readonly retryable: boolean;

  constructor(init: NanoMdmErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'NanoMdmError';
    this.kind = init.kind;
    this.operation = init.operation;
    this.httpStatus = init.httpStatus;
    this.failedIds = init.failedIds ?? [];
    this.commandUuid = init.commandUuid;
    this.mayHaveBeenQueued = init.mayHaveBeenQueued ?? false;
    this.retryable = RETRYABLE.has(init.kind);
  }
}
