import { createHash } from 'node:crypto';
import type { z } from 'zod';
import {
  type Asset,
  type AssetRef,
  type AssetsPage,
  type AssignmentsPage,
  assetsPageSchema,
  assignmentsPageSchema,
  type ClientConfig,
  type ClientConfigRequest,
  clientConfigSchema,
  type EventResponse,
  type EventStatus,
  eventResponseSchema,
  eventStatusSchema,
  type ManageAssetsRequest,
  type ManageUsersRequest,
  type MdmInfo,
  type PricingParam,
  type ProductType,
  type RequestUser,
  type RevokeAssetsRequest,
  type ServiceConfig,
  type UnlimitedAsset,
  type UsersPage,
  usersPageSchema,
} from './apple-payloads.ts';
import { AppleVppError, type SubmittedBatch } from './apple-vpp-error.ts';
import { type ContentMetadata, contentLookupResponseSchema, toContentMetadata } from './content-metadata.ts';
import { MAX_PAGES_IN_FLIGHT, PageWalk, type PageWalkOptions } from './page-walk.ts';
import { RequestPacer } from './request-pacer.ts';
import { type AppleRequest, parseAppleResponse, sendAppleRequest } from './send-apple-request.ts';
import { ServiceConfigCache, type ServiceConfigCacheOptions } from './service-config-cache.ts';
import { DOCUMENTED_LIMITS, type ResolvedLimits, resolveLimits } from './service-limits.ts';
import { normalizeBaseUrl, resolveTransport, type TransportOptions } from './transport-options.ts';
import {
  type ManageAssetsInput,
  planManageAssetsBatches,
  planRevokeBatches,
  planUserBatches,
} from './write-batches.ts';

export type { Clock } from './clock.ts';
export type { ContentMetadata } from './content-metadata.ts';
export type { VppLogger } from './logger.ts';
export type { PageWalk, PageWalkOptions } from './page-walk.ts';
export { RequestPacer } from './request-pacer.ts';
export type { RetryPolicy } from './retry-policy.ts';
export { ServiceConfigCache } from './service-config-cache.ts';
export type { ResolvedLimits } from './service-limits.ts';
export type { TransportOptions } from './transport-options.ts';
export type { ManageAssetsInput } from './write-batches.ts';

export const DEFAULT_APPLE_VPP_BASE_URL = 'https://vpp.itunes.apple.com/mdm/v2';

/** What Apple says about the location on every authenticated answer. */
export interface ResponseMetadata {
  endpoint: string;
  uId: string;
  tokenExpirationDate: Date | undefined;
  /** Compare with your own: a different `id` means another MDM has taken the location over. */
  mdmInfo: MdmInfo | undefined;
}

export interface VppClientOptions extends TransportOptions {
  /** The whole `.vpptoken` content (base64); surrounding whitespace is ignored. */
  sToken: string;
  /** The product's APPLE_VPP_BASE_URL. Default Apple's `https://vpp.itunes.apple.com/mdm/v2`. */
  baseUrl?: string;
  /** Share one per process so every token reads `/service/config` once per 5 minutes. */
  serviceConfigCache?: ServiceConfigCache;
  /** Share one per sToken when several clients of the same token run at once. */
  pacer?: RequestPacer;
  /** Called after every successful authenticated answer, e.g. to spot another MDM or token expiry. */
  onResponseMetadata?: (metadata: ResponseMetadata) => void;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface AssetsQuery {
  adamId?: string;
  pricingParam?: PricingParam;
  productType?: ProductType;
  revocable?: boolean;
  deviceAssignable?: boolean;
  minAvailableCount?: number;
  maxAvailableCount?: number;
  minAssignedCount?: number;
  maxAssignedCount?: number;
  /** true: free unlimited assets come in `unlimitedAssets`; false: left out; omitted: listed with totalCount 2147483647. */
  unlimited?: boolean;
}

export interface AssignmentsQuery {
  adamId?: string;
  pricingParam?: PricingParam;
  clientUserId?: string;
  serialNumber?: string;
  /** Only what changed since this version (the first page's `versionId` of an earlier walk). */
  sinceVersionId?: string;
}

export interface UsersQuery {
  clientUserId?: string;
  activeOnly?: boolean;
  retiredOnly?: boolean;
  sinceVersionId?: string;
}

export interface AllAssets {
  /** De-duplicated by (adamId, pricingParam); a later page's copy wins. */
  assets: Asset[];
  unlimitedAssets: UnlimitedAsset[];
  /** The first page's versionId. Assets have no delta query; compare it to spot any change. */
  versionId: string;
  /** Another write happened during the walk: counts may be slightly stale, walk again if it matters. */
  versionChanged: boolean;
  /** A page vanished mid-walk (the list shrank); some assets may be missing. */
  endedEarly: boolean;
  uId: string;
  tokenExpirationDate: Date | undefined;
}

export interface BatchedSubmission<Request> {
  /** One entry per request Apple accepted, in order. Each event runs (and notifies) on its own. */
  batches: SubmittedBatch<Request>[];
  eventIds: string[];
}

export interface ContentLookupOptions extends CallOptions {
  /** The location's `defaultPlatform` from client config. Default `enterprisestore`. */
  platform?: 'enterprisestore' | 'volumestore';
  /** Store country, e.g. the lower-cased `countryISO2ACode`. Default `us`. */
  country?: string;
  language?: string;
  /** Ids per lookup request. Default 1: Apple documents one id per lookup. */
  idsPerRequest?: number;
}

export interface VppClient {
  /** `GET /service/config` (no auth), cached 5 minutes per base URL. */
  getServiceConfig(options?: { forceRefresh?: boolean }): Promise<ServiceConfig>;
  /** The limits batching uses right now (live values, documented defaults for any Apple omits). */
  getLimits(): Promise<ResolvedLimits>;
  getClientConfig(options?: CallOptions): Promise<ClientConfig>;
  /** `POST /client/config`. `notificationTypes` is the complete subscribed set. */
  updateClientConfig(request: ClientConfigRequest, options?: CallOptions): Promise<ClientConfig>;
  getAssetsPage(query?: AssetsQuery & { pageIndex?: number }, options?: CallOptions): Promise<AssetsPage>;
  /** Every page of `GET /assets`, up to `pagesInFlight` (default and max 5) at once. */
  getAllAssets(query?: AssetsQuery, options?: CallOptions & { pagesInFlight?: number }): Promise<AllAssets>;
  getAssignmentsPage(
    query?: AssignmentsQuery & { pageIndex?: number },
    options?: CallOptions,
  ): Promise<AssignmentsPage>;
  /** Pages of `GET /assignments` in order; `firstPageVersionId` on the walk is the checkpoint to keep. */
  iterateAssignments(query?: AssignmentsQuery, options?: PageWalkOptions): PageWalk<AssignmentsPage>;
  getUsersPage(query?: UsersQuery & { pageIndex?: number }, options?: CallOptions): Promise<UsersPage>;
  iterateUsers(query?: UsersQuery, options?: PageWalkOptions): PageWalk<UsersPage>;
  /** `POST /assets/associate`, split by the live limits; devices and users go in separate requests. */
  associateAssets(
    input: ManageAssetsInput,
    options?: CallOptions,
  ): Promise<BatchedSubmission<ManageAssetsRequest>>;
  disassociateAssets(
    input: ManageAssetsInput,
    options?: CallOptions,
  ): Promise<BatchedSubmission<ManageAssetsRequest>>;
  /** `POST /assets/revoke`: every revocable asset of these users and devices. */
  revokeAssets(
    input: RevokeAssetsRequest,
    options?: CallOptions,
  ): Promise<BatchedSubmission<RevokeAssetsRequest>>;
  getEventStatus(eventId: string, options?: CallOptions): Promise<EventStatus>;
  createUsers(users: RequestUser[], options?: CallOptions): Promise<BatchedSubmission<ManageUsersRequest>>;
  updateUsers(users: RequestUser[], options?: CallOptions): Promise<BatchedSubmission<ManageUsersRequest>>;
  retireUsers(clientUserIds: string[], options?: CallOptions): Promise<BatchedSubmission<ManageUsersRequest>>;
  /** Name, bundle id, icon and platforms per adamId; ids the store does not know are absent from the map. */
  lookupContentMetadata(
    adamIds: string[],
    options?: ContentLookupOptions,
  ): Promise<Map<string, ContentMetadata>>;
}

type QueryValue = string | number | boolean | undefined;

/**
 * A client for one sToken. The token lives only in this closure: it is not a property of the
 * returned object, and every error message and log line passes through `redact` first.
 */
export function createVppClient(options: VppClientOptions): VppClient {
  const bearer = normalizeSToken(options.sToken);
  const redact = createRedactor(bearer);
  const { onResponseMetadata } = options;
  const deps = resolveTransport(options, redact);
  const baseUrl = normalizeBaseUrl(options.baseUrl ?? DEFAULT_APPLE_VPP_BASE_URL);
  const serviceConfigCache = options.serviceConfigCache ?? new ServiceConfigCache(options);
  const pacer = options.pacer ?? new RequestPacer(deps.clock);
  // The metadata lookup is another service: its Retry-After holds must not stall VPP calls.
  const lookupPacer = new RequestPacer(deps.clock);
  let warnedAboutMissingLimits = false;

  async function currentLimits(forceRefresh = false): Promise<ResolvedLimits> {
    return resolveLimits((await serviceConfigCache.get(baseUrl, { forceRefresh })).limits);
  }

  async function maxRequestsPerSecond(): Promise<number> {
    try {
      return (await currentLimits()).maxRequestPerSecond;
    } catch (error) {
      if (!warnedAboutMissingLimits) {
        warnedAboutMissingLimits = true;
        deps.logger.warn(
          {
            kind: error instanceof AppleVppError ? error.kind : 'UNKNOWN',
            fallback: DOCUMENTED_LIMITS.maxRequestPerSecond,
          },
          'apple vpp service config unavailable; pacing at the documented default rate',
        );
      }
      return DOCUMENTED_LIMITS.maxRequestPerSecond;
    }
  }

  async function call<Schema extends z.ZodType>(
    schema: Schema,
    request: {
      method: 'GET' | 'POST';
      endpoint: string;
      query?: Record<string, QueryValue>;
      body?: unknown;
      idempotent: boolean;
      signal?: AbortSignal | undefined;
    },
  ): Promise<z.output<Schema>> {
    const appleRequest: AppleRequest = {
      method: request.method,
      url: buildUrl(baseUrl, request.endpoint, request.query),
      endpoint: request.endpoint,
      headers: { Authorization: `Bearer ${bearer}` },
      body: request.body,
      idempotent: request.idempotent,
      pacer,
      maxRequestsPerSecond,
      signal: request.signal,
    };
    const body = await sendAppleRequest(deps, appleRequest);
    const parsed = parseAppleResponse(schema, body, {
      method: request.method,
      endpoint: request.endpoint,
      redact,
    });
    reportMetadata(request.endpoint, parsed);
    return parsed;
  }

  function reportMetadata(endpoint: string, parsed: unknown): void {
    if (!onResponseMetadata || typeof parsed !== 'object' || parsed === null) return;
    const fields = parsed as { uId?: unknown; tokenExpirationDate?: Date; mdmInfo?: MdmInfo };
    if (typeof fields.uId !== 'string') return;
    try {
      onResponseMetadata({
        endpoint,
        uId: fields.uId,
        tokenExpirationDate: fields.tokenExpirationDate,
        mdmInfo: fields.mdmInfo,
      });
    } catch (error) {
      // A failing observer must not turn a successful Apple call into a failure.
      deps.logger.error(
        { endpoint, err: error instanceof Error ? redact(error.message) : 'unknown' },
        'onResponseMetadata threw',
      );
    }
  }

  async function submitBatches<Request>(
    endpoint: string,
    plan: (limits: ResolvedLimits) => Request[],
    replan: (batch: Request, limits: ResolvedLimits) => Request[],
    signal: AbortSignal | undefined,
  ): Promise<BatchedSubmission<Request>> {
    let queue = plan(await currentLimits());
    const submitted: SubmittedBatch<Request>[] = [];
    let refreshedLimits = false;
    while (queue.length > 0) {
      const batch = queue[0] as Request;
      try {
        const answer: EventResponse = await call(eventResponseSchema, {
          method: 'POST',
          endpoint,
          body: batch,
          idempotent: false,
          signal,
        });
        submitted.push({ eventId: answer.eventId, request: batch });
        queue.shift();
      } catch (error) {
        if (!(error instanceof AppleVppError)) throw error;
        // Limits are dynamic: Apple may have lowered one since we read it. Re-read once and re-split.
        if (error.kind === 'LIMIT_EXCEEDED' && !refreshedLimits) {
          refreshedLimits = true;
          const limits = await currentLimits(true);
          const replanned = queue.flatMap((pending) => replan(pending, limits));
          if (replanned.length > queue.length) {
            deps.logger.warn(
              { endpoint, errorNumber: error.errorNumber },
              'apple vpp limits changed; re-splitting',
            );
            queue = replanned;
            continue;
          }
        }
        throw error.withDetails({ submittedBatches: submitted });
      }
    }
    return { batches: submitted, eventIds: submitted.map((batch) => batch.eventId) };
  }

  function walk<Page extends AssignmentsPage | UsersPage>(
    endpoint: string,
    schema: z.ZodType<Page>,
    query: Record<string, QueryValue>,
    walkOptions: PageWalkOptions,
  ): PageWalk<Page> {
    return new PageWalk(
      endpoint,
      (pageIndex, signal) =>
        call(schema, { method: 'GET', endpoint, query: { ...query, pageIndex }, idempotent: true, signal }),
      walkOptions,
      deps.logger,
    );
  }

  const client: VppClient = {
    getServiceConfig: (callOptions = {}) => serviceConfigCache.get(baseUrl, callOptions),

    getLimits: () => currentLimits(),

    getClientConfig: (callOptions = {}) =>
      call(clientConfigSchema, {
        method: 'GET',
        endpoint: '/client/config',
        idempotent: true,
        signal: callOptions.signal,
      }),

    updateClientConfig: (request, callOptions = {}) =>
      call(clientConfigSchema, {
        method: 'POST',
        endpoint: '/client/config',
        body: request,
        // Setting the same configuration twice leaves the same state.
        idempotent: true,
        signal: callOptions.signal,
      }),

    getAssetsPage: (query = {}, callOptions = {}) =>
      call(assetsPageSchema, {
        method: 'GET',
        endpoint: '/assets',
        query: { ...query },
        idempotent: true,
        signal: callOptions.signal,
      }),

    async getAllAssets(query = {}, callOptions = {}) {
      const pages = new PageWalk(
        '/assets',
        (pageIndex, signal) =>
          call(assetsPageSchema, {
            method: 'GET',
            endpoint: '/assets',
            query: { ...query, pageIndex },
            idempotent: true,
            signal,
          }),
        {
          pagesInFlight: callOptions.pagesInFlight ?? MAX_PAGES_IN_FLIGHT,
          ...(callOptions.signal ? { signal: callOptions.signal } : {}),
        },
        deps.logger,
      );
      const assets = new Map<string, Asset>();
      const unlimitedAssets = new Map<string, UnlimitedAsset>();
      let first: AssetsPage | undefined;
      for await (const page of pages) {
        first ??= page;
        for (const asset of page.assets) assets.set(assetKey(asset), asset);
        for (const asset of page.unlimitedAssets ?? []) unlimitedAssets.set(assetKey(asset), asset);
      }
      if (!first) throw new Error('unreachable: a page walk yields at least one page or throws');
      return {
        assets: [...assets.values()],
        unlimitedAssets: [...unlimitedAssets.values()],
        versionId: first.versionId,
        versionChanged: pages.versionChanged,
        endedEarly: pages.endedEarly,
        uId: first.uId,
        tokenExpirationDate: first.tokenExpirationDate,
      };
    },

    getAssignmentsPage: (query = {}, callOptions = {}) =>
      call(assignmentsPageSchema, {
        method: 'GET',
        endpoint: '/assignments',
        query: { ...query },
        idempotent: true,
        signal: callOptions.signal,
      }),

    iterateAssignments: (query = {}, walkOptions = {}) =>
      walk('/assignments', assignmentsPageSchema, { ...query }, walkOptions),

    getUsersPage: (query = {}, callOptions = {}) =>
      call(usersPageSchema, {
        method: 'GET',
        endpoint: '/users',
        query: { ...query },
        idempotent: true,
        signal: callOptions.signal,
      }),

    iterateUsers: (query = {}, walkOptions = {}) =>
      walk('/users', usersPageSchema, { ...query }, walkOptions),

    associateAssets: (input, callOptions = {}) =>
      submitBatches(
        '/assets/associate',
        (limits) => planManageAssetsBatches(input, limits),
        (batch, limits) => planManageAssetsBatches(batch, limits),
        callOptions.signal,
      ),

    disassociateAssets: (input, callOptions = {}) =>
      submitBatches(
        '/assets/disassociate',
        (limits) => planManageAssetsBatches(input, limits),
        (batch, limits) => planManageAssetsBatches(batch, limits),
        callOptions.signal,
      ),

    revokeAssets: (input, callOptions = {}) =>
      submitBatches(
        '/assets/revoke',
        (limits) => planRevokeBatches(input, limits),
        (batch, limits) => planRevokeBatches(batch, limits),
        callOptions.signal,
      ),

    getEventStatus: (eventId, callOptions = {}) =>
      call(eventStatusSchema, {
        method: 'GET',
        endpoint: '/status',
        query: { eventId },
        idempotent: true,
        signal: callOptions.signal,
      }),

    createUsers: (users, callOptions = {}) => submitUsers('/users/create', users, callOptions.signal),

    updateUsers: (users, callOptions = {}) => submitUsers('/users/update', users, callOptions.signal),

    retireUsers: (clientUserIds, callOptions = {}) =>
      submitUsers(
        '/users/retire',
        clientUserIds.map((clientUserId) => ({ clientUserId })),
        callOptions.signal,
      ),

    lookupContentMetadata: (adamIds, lookupOptions = {}) => lookupContentMetadata(adamIds, lookupOptions),
  };

  function submitUsers(endpoint: string, users: RequestUser[], signal: AbortSignal | undefined) {
    return submitBatches<ManageUsersRequest>(
      endpoint,
      (limits) => planUserBatches(users, limits),
      (batch, limits) => planUserBatches(batch.users, limits),
      signal,
    );
  }

  async function lookupContentMetadata(
    adamIds: string[],
    lookupOptions: ContentLookupOptions,
  ): Promise<Map<string, ContentMetadata>> {
    const found = new Map<string, ContentMetadata>();
    const uniqueIds = [...new Set(adamIds)];
    if (uniqueIds.length === 0) return found;
    const config = await serviceConfigCache.get(baseUrl);
    const lookupUrlText = config.urls.contentMetadataLookup;
    if (!lookupUrlText) {
      throw new AppleVppError({
        kind: 'INVALID_RESPONSE',
        message: 'Apple VPP GET /service/config has no urls.contentMetadataLookup',
        method: 'GET',
        endpoint: '/service/config',
        issues: [{ path: 'urls.contentMetadataLookup', message: 'Required for content metadata lookups' }],
      });
    }
    const lookupUrl = new URL(lookupUrlText, `${baseUrl}/`);
    // The store accepts the sToken as the `itvt` cookie (as Zentral sends it) to show the
    // organisation's custom apps; never send it in clear text to a host other than ours.
    const sendToken = lookupUrl.protocol === 'https:' || lookupUrl.origin === new URL(baseUrl).origin;
    const idsPerRequest = Math.max(1, Math.floor(lookupOptions.idsPerRequest ?? 1));
    const groups: string[][] = [];
    for (let start = 0; start < uniqueIds.length; start += idsPerRequest) {
      groups.push(uniqueIds.slice(start, start + idsPerRequest));
    }
    const lookupOne = async (ids: string[]) => {
      const url = new URL(lookupUrl);
      const params = {
        version: '2',
        p: 'mdm-lockup',
        caller: 'MDM',
        platform: lookupOptions.platform ?? 'enterprisestore',
        cc: lookupOptions.country ?? 'us',
        l: lookupOptions.language ?? 'en',
        id: ids.join(','),
      };
      for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
      const endpoint = 'contentMetadataLookup';
      const body = await sendAppleRequest(deps, {
        method: 'GET',
        url,
        endpoint,
        headers: sendToken ? { Cookie: `itvt=${bearer}` } : {},
        idempotent: true,
        pacer: lookupPacer,
        signal: lookupOptions.signal,
      });
      const parsed = parseAppleResponse(contentLookupResponseSchema, body, {
        method: 'GET',
        endpoint,
        redact,
      });
      for (const id of ids) {
        const item = parsed.results[id];
        if (item) found.set(id, toContentMetadata(id, item));
      }
    };
    await runWithConcurrency(groups, MAX_PAGES_IN_FLIGHT, lookupOne);
    return found;
  }

  return client;
}

export interface VppClientFactoryOptions
  extends TransportOptions,
    Pick<ServiceConfigCacheOptions, 'maxAgeMs'> {
  baseUrl?: string;
  onResponseMetadata?: (metadata: ResponseMetadata & { tokenFingerprint: string }) => void;
}

export interface VppClientFactory {
  /** A client for this token; clients of the same token share one rate limiter and Retry-After holds. */
  forToken(sToken: string): VppClient;
  /** The service config cache every client of this factory shares. */
  readonly serviceConfigCache: ServiceConfigCache;
  getServiceConfig(options?: { forceRefresh?: boolean }): Promise<ServiceConfig>;
}

/**
 * What a long-running product should create once at start: one service-config cache for the base
 * URL and one pacer per token, shared by every client it hands out.
 */
export function createVppClientFactory(options: VppClientFactoryOptions = {}): VppClientFactory {
  const baseUrl = normalizeBaseUrl(options.baseUrl ?? DEFAULT_APPLE_VPP_BASE_URL);
  const { onResponseMetadata, ...transportOptions } = options;
  const serviceConfigCache = new ServiceConfigCache(transportOptions);
  const clock = resolveTransport(transportOptions, (text) => text).clock;
  // Keyed by a hash so that inspecting the factory never shows a token.
  const pacers = new Map<string, RequestPacer>();
  return {
    serviceConfigCache,
    getServiceConfig: (callOptions = {}) => serviceConfigCache.get(baseUrl, callOptions),
    forToken(sToken) {
      const tokenFingerprint = fingerprintSToken(sToken);
      let pacer = pacers.get(tokenFingerprint);
      if (!pacer) {
        pacer = new RequestPacer(clock);
        pacers.set(tokenFingerprint, pacer);
      }
      return createVppClient({
        ...transportOptions,
        baseUrl,
        sToken,
        serviceConfigCache,
        pacer,
        ...(onResponseMetadata
          ? { onResponseMetadata: (metadata) => onResponseMetadata({ ...metadata, tokenFingerprint }) }
          : {}),
      });
    },
  };
}

/** A stable, non-reversible id for an sToken (SHA-256, hex), for logs and maps. */
export function fingerprintSToken(sToken: string): string {
  return createHash('sha256').update(normalizeSToken(sToken)).digest('hex');
}

function normalizeSToken(sToken: string): string {
  const trimmed = typeof sToken === 'string' ? sToken.trim() : '';
  if (trimmed === '') throw new TypeError('sToken is empty');
  // Whitespace or control characters inside would corrupt the Authorization header.
  if (/[\s\p{Cc}]/u.test(trimmed)) throw new TypeError('sToken contains whitespace or control characters');
  return trimmed;
}

function createRedactor(sToken: string): (text: string) => string {
  const secrets = new Set([sToken, encodeURIComponent(sToken)]);
  const inner = innerTokenOf(sToken);
  if (inner && inner.length >= 8) secrets.add(inner);
  return (text) => {
    let redacted = text;
    for (const secret of secrets) redacted = redacted.split(secret).join('[REDACTED]');
    return redacted;
  };
}

function innerTokenOf(sToken: string): string | undefined {
  try {
    const payload: unknown = JSON.parse(Buffer.from(sToken, 'base64').toString('utf8'));
    const token = (payload as { token?: unknown } | null)?.token;
    return typeof token === 'string' ? token : undefined;
  } catch {
    return undefined;
  }
}

function buildUrl(baseUrl: string, endpoint: string, query: Record<string, QueryValue> = {}): URL {
  const url = new URL(`${baseUrl}${endpoint}`);
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) url.searchParams.set(name, String(value));
  }
  return url;
}

function assetKey(asset: AssetRef): string {
  return `${asset.adamId}\u0000${asset.pricingParam ?? ''}`;
}

async function runWithConcurrency<Item>(
  items: readonly Item[],
  concurrency: number,
  worker: (item: Item) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next] as Item;
      next += 1;
      await worker(item);
    }
  });
  await Promise.all(lanes);
}
