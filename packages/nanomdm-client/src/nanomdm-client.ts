import { z } from 'zod';
import type { MdmCommandPlist } from './mdm-commands.ts';
import { type FailedEnrollment, NanoMdmError, type NanoMdmErrorKind } from './nanomdm-error.ts';

// A client of NanoMDM's HTTP API (micromdm/nanomdm http/api): `PUT /v1/enqueue/{id,id…}` with a
// raw command plist, `GET /v1/push/{id,id…}`. NanoHUB serves the same handlers under
// `/api/v1/nanomdm/` (no `/v1`) with the user name `nanohub`. Authentication is HTTP Basic with the
// server's API key as the password. Each answer carries a result per enrollment id; NanoMDM's
// status is 200 (all ids fine), 207 (some) or 500 (none, or a failure before any id).

export type NanoMdmServerKind = 'nanomdm' | 'nanohub';

/** The subset of pino's API the client uses, so the product can pass its pino logger as is. */
export interface NanoMdmLogger {
  debug(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
}

export interface NanoMdmClientOptions {
  kind: NanoMdmServerKind;
  /** The server's root URL, e.g. `https://mdm.example.com` or `http://127.0.0.1:9004`. */
  url: string;
  /** NanoMDM's `-api` / NanoHUB's `-api-key`. Sent only as the Basic password; never logged. */
  apiKey: string;
  /** Per request. Default 15 000 ms. */
  timeoutMs?: number;
  /** Most enrollment ids in one request (they go in the URL path). Default 200. */
  maxIdsPerRequest?: number;
  fetch?: typeof fetch;
  logger?: NanoMdmLogger;
}

/** One enrollment id's fate in an enqueue. */
export interface EnrollmentOutcome {
  id: string;
  /** NanoMDM stored the command in this enrollment's queue: the device gets it at its next check-in. */
  queued: boolean;
  /** An APNs push went out (the device is asked to check in now). */
  pushed: boolean;
  pushId?: string;
  /** Why it was not queued (retry with a new CommandUUID). */
  enqueueError?: string;
  /** Why no push went out; a queued command still reaches the device at its next check-in. */
  pushError?: string;
}

export interface EnqueueOutcome {
  commandUuid: string;
  requestType: string;
  /** NanoMDM's HTTP status: 200 all, 207 some, 500 none (or only the push failed). */
  httpStatus: number;
  results: EnrollmentOutcome[];
  /** Ids whose queue now holds the command. */
  queued: string[];
  /** Ids to retry later with a new command. */
  notQueued: FailedEnrollment[];
  /** Queued ids that got no push; `push(ids)` later, or wait for their next check-in. */
  notPushed: FailedEnrollment[];
}

export interface PushOutcome {
  httpStatus: number;
  pushed: string[];
  failed: FailedEnrollment[];
}

export interface ConnectionCheck {
  /** The server's `/version`, when it tells. */
  version: string | undefined;
}

export interface NanoMdmClient {
  readonly kind: NanoMdmServerKind;
  /**
   * Queues `command` for every id and asks APNs to wake the devices (unless `noPush`). Resolves
   * when at least one id has the command queued (check `notQueued`), throws `NanoMdmError`
   * otherwise. Never retries by itself: a retry must use a new CommandUUID.
   */
  enqueue(
    ids: readonly string[],
    command: MdmCommandPlist,
    options?: { noPush?: boolean },
  ): Promise<EnqueueOutcome>;
  /** Asks APNs to wake the devices so they fetch what is queued. */
  push(ids: readonly string[]): Promise<PushOutcome>;
  /**
   * Checks the URL, the server kind and the API key without changing anything: `GET /version`, then
   * the authenticated push-certificate endpoint without a topic (NanoMDM answers 400 to that after
   * authentication, 401 before it). Throws `NanoMdmError` (UNAUTHORIZED, NOT_FOUND, UNREACHABLE…).
   */
  checkConnection(): Promise<ConnectionCheck>;
}

const enrollmentResult = z.object({
  push_result: z.string().optional(),
  push_error: z.string().optional(),
  command_error: z.string().optional(),
});

/** NanoMDM's `api.APIResult`; its errors marshal as plain strings. */
const apiResult = z.object({
  status: z.record(z.string(), enrollmentResult).optional(),
  no_push: z.boolean().optional(),
  push_error: z.string().optional(),
  command_error: z.string().optional(),
  command_uuid: z.string().optional(),
  request_type: z.string().optional(),
});

type ApiResult = z.infer<typeof apiResult>;

const BASIC_USER: Record<NanoMdmServerKind, string> = { nanomdm: 'nanomdm', nanohub: 'nanohub' };
const API_PREFIX: Record<NanoMdmServerKind, string> = { nanomdm: '/v1', nanohub: '/api/v1/nanomdm' };

const silent: NanoMdmLogger = { debug: () => {}, warn: () => {} };

export function createNanoMdmClient(options: NanoMdmClientOptions): NanoMdmClient {
  if (options.apiKey === '') throw new TypeError('the NanoMDM API key must not be empty');
  const root = new URL(options.url);
  if (root.protocol !== 'http:' && root.protocol !== 'https:') {
    throw new TypeError('the NanoMDM URL must be http(s)');
  }
  const origin = options.url.replace(/\/+$/, '');
  const apiBase = `${origin}${API_PREFIX[options.kind]}`;
  const authorization = `Basic ${Buffer.from(`${BASIC_USER[options.kind]}:${options.apiKey}`).toString('base64')}`;
  const send = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxIds = options.maxIdsPerRequest ?? 200;
  const logger = options.logger ?? silent;

  function idsPath(ids: readonly string[]): string {
    if (ids.length === 0) throw new TypeError('at least one enrollment id is needed');
    if (ids.length > maxIds) throw new TypeError(`at most ${maxIds} enrollment ids per request`);
    for (const id of ids) {
      if (id.trim() === '' || id.includes(',') || id.includes('/')) {
        throw new TypeError(`not an enrollment id: ${JSON.stringify(id)}`);
      }
    }
    return ids.map((id) => encodeURIComponent(id)).join(',');
  }

  async function call(
    operation: string,
    url: string,
    init: RequestInit,
    context: { commandUuid?: string },
  ): Promise<{ status: number; text: string }> {
    let response: Response;
    try {
      response = await send(url, {
        ...init,
        headers: { ...init.headers, authorization, accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      throw new NanoMdmError({
        kind: timedOut ? 'TIMEOUT' : 'UNREACHABLE',
        operation,
        message: timedOut
          ? `NanoMDM did not answer ${operation} within ${timeoutMs} ms`
          : `NanoMDM could not be reached for ${operation}: ${describeNetworkError(error)}`,
        mayHaveBeenQueued: timedOut && init.method === 'PUT',
        ...context,
      });
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw new NanoMdmError({
        kind: 'UNREACHABLE',
        operation,
        httpStatus: response.status,
        message: `NanoMDM's answer to ${operation} broke off: ${describeNetworkError(error)}`,
        mayHaveBeenQueued: init.method === 'PUT',
        ...context,
      });
    }
    logger.debug({ operation, httpStatus: response.status }, 'NanoMDM answered');
    return { status: response.status, text };
  }

  /** An answer that is not NanoMDM's result JSON: classify it by HTTP status alone. */
  function failureByStatus(operation: string, status: number, context: { commandUuid?: string }) {
    const byStatus = (): { kind: NanoMdmErrorKind; message: string } => {
      if (status === 401)
        return { kind: 'UNAUTHORIZED', message: `NanoMDM refused the API key (401) for ${operation}` };
      if (status === 403) return { kind: 'UNAUTHORIZED', message: `NanoMDM answered 403 to ${operation}` };
      if (status === 404)
        return {
          kind: 'NOT_FOUND',
          message: `NanoMDM has no ${operation} here (404): check the URL and the server kind`,
        };
      if (status === 405) return { kind: 'NOT_FOUND', message: `NanoMDM does not take ${operation} (405)` };
      if (status === 408 || status === 429 || status >= 500)
        return { kind: 'UNAVAILABLE', message: `NanoMDM is unavailable (${status}) for ${operation}` };
      if (status >= 400) return { kind: 'REJECTED', message: `NanoMDM rejected ${operation} (${status})` };
      return {
        kind: 'INVALID_RESPONSE',
        message: `NanoMDM answered ${operation} with ${status} and no result`,
      };
    };
    return new NanoMdmError({ ...byStatus(), operation, httpStatus: status, ...context });
  }

  function parseResult(text: string): ApiResult | undefined {
    try {
      const parsed = apiResult.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  return {
    kind: options.kind,

    async enqueue(ids, command, enqueueOptions = {}) {
      const operation = 'PUT /v1/enqueue';
      const context = { commandUuid: command.commandUuid };
      const query = enqueueOptions.noPush ? '?nopush=1' : '';
      const { status, text } = await call(
        operation,
        `${apiBase}/enqueue/${idsPath(ids)}${query}`,
        { method: 'PUT', headers: { 'content-type': 'application/xml' }, body: command.plist },
        context,
      );
      const result = status === 200 || status === 207 || status === 500 ? parseResult(text) : undefined;
      if (result === undefined) throw failureByStatus(operation, status, context);

      if (result.command_error !== undefined) {
        // A failure before any id: the plist did not decode (our bug), or the storage failed.
        const undecodable = /decod/i.test(result.command_error);
        throw new NanoMdmError({
          kind: undecodable ? 'REJECTED' : 'ENQUEUE_FAILED',
          operation,
          httpStatus: status,
          message: `NanoMDM queued ${command.requestType} for none of ${ids.length} enrollments: ${result.command_error}`,
          failedIds: ids.map((id) => ({ id, reason: result.command_error ?? '' })),
          ...context,
        });
      }
      const noPush = enqueueOptions.noPush === true || result.no_push === true;
      const results: EnrollmentOutcome[] = ids.map((id) => {
        const entry = result.status?.[id];
        const outcome: EnrollmentOutcome = { id, queued: entry?.command_error === undefined, pushed: false };
        if (entry?.command_error !== undefined) outcome.enqueueError = entry.command_error;
        const pushError = entry?.push_error ?? result.push_error;
        if (!noPush) {
          if (pushError !== undefined) outcome.pushError = pushError;
          else if (entry?.push_result !== undefined) {
            outcome.pushed = true;
            outcome.pushId = entry.push_result;
          } else outcome.pushError = 'no push result';
        }
        return outcome;
      });
      const queued = results.filter((entry) => entry.queued).map((entry) => entry.id);
      const notQueued = results
        .filter((entry) => !entry.queued)
        .map((entry) => ({ id: entry.id, reason: entry.enqueueError ?? 'not queued' }));
      const notPushed = results
        .filter((entry) => entry.queued && entry.pushError !== undefined)
        .map((entry) => ({ id: entry.id, reason: entry.pushError ?? '' }));
      if (queued.length === 0) {
        throw new NanoMdmError({
          kind: 'ENQUEUE_FAILED',
          operation,
          httpStatus: status,
          message: `NanoMDM queued ${command.requestType} for none of ${ids.length} enrollments`,
          failedIds: notQueued,
          ...context,
        });
      }
      if (notQueued.length > 0 || notPushed.length > 0) {
        logger.warn(
          {
            commandUuid: command.commandUuid,
            requestType: command.requestType,
            notQueued: notQueued.length,
            notPushed: notPushed.length,
          },
          'NanoMDM enqueue partly failed',
        );
      }
      return {
        commandUuid: result.command_uuid ?? command.commandUuid,
        requestType: result.request_type ?? command.requestType,
        httpStatus: status,
        results,
        queued,
        notQueued,
        notPushed,
      };
    },

    async push(ids) {
      const operation = 'GET /v1/push';
      const { status, text } = await call(
        operation,
        `${apiBase}/push/${idsPath(ids)}`,
        { method: 'GET' },
        {},
      );
      const result = status === 200 || status === 207 || status === 500 ? parseResult(text) : undefined;
      if (result === undefined) throw failureByStatus(operation, status, {});
      const failed: FailedEnrollment[] = [];
      const pushed: string[] = [];
      for (const id of ids) {
        const entry = result.status?.[id];
        const error = entry?.push_error ?? result.push_error;
        if (error === undefined && entry?.push_result !== undefined) pushed.push(id);
        else failed.push({ id, reason: error ?? 'no push result' });
      }
      if (pushed.length === 0) {
        throw new NanoMdmError({
          kind: 'UNAVAILABLE',
          operation,
          httpStatus: status,
          message: `NanoMDM pushed to none of ${ids.length} enrollments`,
          failedIds: failed,
        });
      }
      return { httpStatus: status, pushed, failed };
    },

    async checkConnection() {
      const versionAnswer = await call('GET /version', `${origin}/version`, { method: 'GET' }, {});
      let version: string | undefined;
      if (versionAnswer.status === 200) {
        try {
          const body = JSON.parse(versionAnswer.text) as { version?: unknown };
          if (typeof body.version === 'string') version = body.version;
        } catch {
          // An older server without the version endpoint's JSON: the next call decides.
        }
      }
      const operation = 'GET /v1/pushcert';
      const probe = await call(operation, `${apiBase}/pushcert`, { method: 'GET' }, {});
      // 400 "missing required query parameter: topic" comes only after authentication passed.
      if (probe.status === 400 || probe.status === 200) return { version };
      throw failureByStatus(operation, probe.status, {});
    },
  };
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return error.message;
}
