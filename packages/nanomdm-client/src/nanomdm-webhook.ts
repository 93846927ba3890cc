import { createHash } from 'node:crypto';
import { type PlistValue, parse, parseBinary } from 'plist';
import { z } from 'zod';
import { type DevicePlatform, devicePlatformOf } from './mdm-commands.ts';

// NanoMDM's webhook (service/webhook, MicroMDM-compatible JSON): one POST per MDM request a device
// makes. Check-ins (`mdm.Authenticate`, `mdm.TokenUpdate`, `mdm.CheckOut`, …) carry a
// `checkin_event`; command reports carry an `acknowledge_event` under the topic `mdm.Connect`.
// Both hold the device's own plist, base64 encoded, in `raw_payload`. This module checks the JSON,
// decodes the plist and picks out what the console uses; it keeps no secret of the device (push
// token, push magic, unlock token) in what it returns.

const enrollmentIds = z.object({
  id: z.string().min(1),
  parent_id: z.string().optional(),
  type: z.string().optional(),
});

const base64 = z.string().regex(/^[A-Za-z0-9+/\r\n]*={0,2}$/, 'must be base64');

const checkinEvent = z.object({
  ids: enrollmentIds.optional(),
  udid: z.string().optional(),
  enrollment_id: z.string().optional(),
  raw_payload: base64,
  url_params: z.record(z.string(), z.string()).optional(),
  token_update_tally: z.number().int().optional(),
});

const acknowledgeEvent = z.object({
  ids: enrollmentIds.optional(),
  udid: z.string().optional(),
  enrollment_id: z.string().optional(),
  status: z.string().min(1),
  command_uuid: z.string().optional(),
  raw_payload: base64,
  url_params: z.record(z.string(), z.string()).optional(),
});

/** The webhook JSON, as NanoMDM's `service/webhook/event.json` describes it. */
export const nanoMdmWebhookSchema = z
  .object({
    topic: z.string().min(1),
    event_id: z.string().optional(),
    created_at: z.string().optional(),
    checkin_event: checkinEvent.optional(),
    acknowledge_event: acknowledgeEvent.optional(),
  })
  .refine((event) => (event.checkin_event === undefined) !== (event.acknowledge_event === undefined), {
    message: 'exactly one of checkin_event and acknowledge_event is expected',
  });

export type NanoMdmWebhookJson = z.infer<typeof nanoMdmWebhookSchema>;

export const COMMAND_STATUSES = ['Acknowledged', 'Error', 'CommandFormatError', 'NotNow', 'Idle'] as const;
export type CommandStatus = (typeof COMMAND_STATUSES)[number];

/** One entry of a device's `ErrorChain`, outermost first. */
export interface ErrorChainItem {
  errorCode?: number;
  errorDomain?: string;
  localizedDescription?: string;
  usEnglishDescription?: string;
}

/** What a device says about itself (Authenticate, or a DeviceInformation answer). */
export interface DeviceFacts {
  udid?: string;
  serialNumber?: string;
  deviceName?: string;
  model?: string;
  modelName?: string;
  productName?: string;
  osVersion?: string;
  buildVersion?: string;
  platform?: DevicePlatform;
  isSupervised?: boolean;
}

/** One app of a ManagedApplicationList answer. */
export interface ManagedApplication {
  bundleId: string;
  /** Apple's status: Managed, Installing, Queued, ManagedButUninstalled, Failed, UserRejected, … */
  status: string;
  managementFlags?: number;
  externalVersionId?: number;
}

interface WebhookEventBase {
  topic: string;
  eventId?: string;
  createdAt?: Date;
  /** NanoMDM's enrollment id (the UDID for a device channel): what enqueue addresses. */
  enrollmentId: string;
  /** Device, User, User Enrollment (Device), … */
  enrollmentType?: string;
  udid?: string;
  /**
   * The same for an identical delivery (same topic, enrollment, command, status and payload), so a
   * repeated webhook can be recognised and skipped.
   */
  dedupeKey: string;
}

export interface CheckinWebhookEvent extends WebhookEventBase {
  type: 'checkin';
  /** Authenticate, TokenUpdate, CheckOut, UserAuthenticate, DeclarativeManagement, … */
  messageType: string;
  /** Authenticate: serial number, UDID, model, OS. */
  device?: DeviceFacts;
  /** TokenUpdate: 1 for the first one after enrolment. */
  tokenUpdateTally?: number;
  /** TokenUpdate during Setup Assistant (the device waits for `DeviceConfigured`). */
  awaitingConfiguration?: boolean;
}

export interface CommandResultWebhookEvent extends WebhookEventBase {
  type: 'command-result';
  status: CommandStatus;
  /** Absent for `Idle` (the device only asks for its next command). */
  commandUuid?: string;
  /** Present when the device names it (not every OS does). */
  requestType?: string;
  errorChain: ErrorChainItem[];
  /** The error chain in plain words, for the admin; absent unless the status is Error. */
  errorText?: string;
  /** A DeviceInformation answer's `QueryResponses`. */
  deviceInformation?: DeviceFacts;
  /** A ManagedApplicationList answer. */
  managedApplications?: ManagedApplication[];
  /** An InstallApplication answer: the bundle id and the install state (`Identifier`, `State`). */
  installApplication?: { bundleId?: string; state?: string; rejectionReason?: string };
}

export type NanoMdmWebhookEvent = CheckinWebhookEvent | CommandResultWebhookEvent;

export type WebhookParseResult = { ok: true; event: NanoMdmWebhookEvent } | { ok: false; error: string };

type PlistDict = { [key: string]: PlistValue };

function isDict(value: PlistValue | undefined): value is PlistDict {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !(value instanceof Uint8Array)
  );
}

function text(dict: PlistDict, key: string): string | undefined {
  const value = dict[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function integer(dict: PlistDict, key: string): number | undefined {
  const value = dict[key];
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

function flag(dict: PlistDict, key: string): boolean | undefined {
  const value = dict[key];
  return typeof value === 'boolean' ? value : undefined;
}

/** Drops undefined fields, so results compare and serialise cleanly. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

/** Decodes a base64 `raw_payload` into the device's plist dictionary (XML, or binary). */
export function decodeRawPayload(rawPayload: string): PlistDict {
  const bytes = Buffer.from(rawPayload, 'base64');
  if (bytes.length === 0) throw new Error('the raw payload is empty');
  const value =
    bytes.subarray(0, 8).toString('latin1') === 'bplist00'
      ? parseBinary(bytes)
      : parse(bytes.toString('utf8'));
  if (!isDict(value)) throw new Error('the raw payload is not a plist dictionary');
  return value;
}

function deviceFacts(dict: PlistDict): DeviceFacts {
  const facts: DeviceFacts = {
    udid: text(dict, 'UDID'),
    serialNumber: text(dict, 'SerialNumber'),
    deviceName: text(dict, 'DeviceName'),
    model: text(dict, 'Model'),
    modelName: text(dict, 'ModelName'),
    productName: text(dict, 'ProductName'),
    osVersion: text(dict, 'OSVersion'),
    buildVersion: text(dict, 'BuildVersion'),
    isSupervised: flag(dict, 'IsSupervised'),
  };
  facts.platform = devicePlatformOf(facts);
  return defined(facts);
}

function errorChain(dict: PlistDict): ErrorChainItem[] {
  const chain = dict.ErrorChain;
  if (!Array.isArray(chain)) return [];
  return chain.filter(isDict).map((item) =>
    defined({
      errorCode: integer(item, 'ErrorCode'),
      errorDomain: text(item, 'ErrorDomain'),
      localizedDescription: text(item, 'LocalizedDescription'),
      usEnglishDescription: text(item, 'USEnglishDescription'),
    }),
  );
}

function managedApplications(dict: PlistDict): ManagedApplication[] | undefined {
  const list = dict.ManagedApplicationList;
  if (!isDict(list)) return undefined;
  return Object.entries(list)
    .filter((entry): entry is [string, PlistDict] => isDict(entry[1]))
    .map(([bundleId, app]) =>
      defined({
        bundleId,
        status: text(app, 'Status') ?? 'Unknown',
        managementFlags: integer(app, 'ManagementFlags'),
        externalVersionId: integer(app, 'ExternalVersionIdentifier'),
      }),
    )
    .sort((a, b) => a.bundleId.localeCompare(b.bundleId));
}

const MAX_ERROR_TEXT = 1000;

/**
 * A device's error chain in plain words for the admin: each distinct description (US English
 * first), outermost first, with its domain and code in brackets.
 */
export function describeErrorChain(chain: readonly ErrorChainItem[]): string {
  const parts: string[] = [];
  const seen = new Set<string>();
  for (const item of chain) {
    const words = (item.usEnglishDescription ?? item.localizedDescription ?? '').trim().replace(/\s+/g, ' ');
    const code =
      item.errorDomain !== undefined || item.errorCode !== undefined
        ? ` [${[item.errorDomain, item.errorCode].filter((part) => part !== undefined).join(' ')}]`
        : '';
    const sentence = words === '' ? `Error${code}` : `${words.replace(/[.!]$/, '')}${code}`;
    if (seen.has(sentence)) continue;
    seen.add(sentence);
    parts.push(sentence);
  }
  const joined =
    parts.length === 0 ? 'The device reported an error without details.' : `${parts.join('. ')}.`;
  return joined.length > MAX_ERROR_TEXT ? `${joined.slice(0, MAX_ERROR_TEXT - 1)}…` : joined;
}

function dedupeKey(parts: (string | undefined)[]): string {
  return createHash('sha256')
    .update(parts.map((part) => part ?? '').join('\n'))
    .digest('hex');
}

function createdAt(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  // NanoMDM's zero time (0001-01-01) means "not set".
  return Number.isNaN(date.getTime()) || date.getUTCFullYear() < 2000 ? undefined : date;
}

/**
 * Checks and decodes one webhook body (the raw bytes, as received; verify the HMAC on the same
 * bytes first). Never throws: a bad body gives `{ ok: false, error }` for a 400.
 */
export function parseNanoMdmWebhook(body: string | Uint8Array): WebhookParseResult {
  let json: unknown;
  try {
    json = JSON.parse(typeof body === 'string' ? body : Buffer.from(body).toString('utf8'));
  } catch {
    return { ok: false, error: 'the body is not JSON' };
  }
  const parsed = nanoMdmWebhookSchema.safeParse(json);
  if (!parsed.success) return { ok: false, error: z.prettifyError(parsed.error) };
  const event = parsed.data;
  const inner = event.checkin_event ?? event.acknowledge_event;
  if (inner === undefined) return { ok: false, error: 'no event' };
  let payload: PlistDict;
  try {
    payload = decodeRawPayload(inner.raw_payload);
  } catch (error) {
    return { ok: false, error: `raw_payload: ${error instanceof Error ? error.message : 'not a plist'}` };
  }
  const udid = inner.udid ?? text(payload, 'UDID');
  const enrollmentId = inner.ids?.id ?? udid ?? inner.enrollment_id ?? text(payload, 'EnrollmentID');
  if (enrollmentId === undefined) return { ok: false, error: 'the event names no enrollment' };
  const base = defined({
    topic: event.topic,
    eventId: event.event_id,
    createdAt: createdAt(event.created_at),
    enrollmentId,
    enrollmentType: inner.ids?.type,
    udid,
  });

  if (event.acknowledge_event !== undefined) {
    const ack = event.acknowledge_event;
    const status = COMMAND_STATUSES.find((known) => known === ack.status);
    if (status === undefined)
      return { ok: false, error: `unknown command status ${JSON.stringify(ack.status)}` };
    const commandUuid = ack.command_uuid ?? text(payload, 'CommandUUID');
    const chain = errorChain(payload);
    const queryResponses = payload.QueryResponses;
    const result: CommandResultWebhookEvent = defined({
      ...base,
      type: 'command-result' as const,
      status,
      commandUuid,
      requestType: text(payload, 'RequestType'),
      errorChain: chain,
      errorText:
        status === 'Error' || status === 'CommandFormatError' ? describeErrorChain(chain) : undefined,
      deviceInformation: isDict(queryResponses) ? deviceFacts(queryResponses) : undefined,
      managedApplications: managedApplications(payload),
      installApplication:
        text(payload, 'State') !== undefined || text(payload, 'RejectionReason') !== undefined
          ? defined({
              bundleId: text(payload, 'Identifier'),
              state: text(payload, 'State'),
              rejectionReason: text(payload, 'RejectionReason'),
            })
          : undefined,
      dedupeKey: dedupeKey([event.topic, enrollmentId, commandUuid, status, ack.raw_payload]),
    });
    return { ok: true, event: result };
  }

  const checkin = event.checkin_event;
  if (checkin === undefined) return { ok: false, error: 'no event' };
  const messageType = text(payload, 'MessageType') ?? event.topic.replace(/^mdm\./, '');
  const result: CheckinWebhookEvent = defined({
    ...base,
    type: 'checkin' as const,
    messageType,
    device: messageType === 'Authenticate' ? deviceFacts(payload) : undefined,
    tokenUpdateTally: checkin.token_update_tally,
    awaitingConfiguration: messageType === 'TokenUpdate' ? flag(payload, 'AwaitingConfiguration') : undefined,
    dedupeKey: dedupeKey([event.topic, enrollmentId, undefined, messageType, checkin.raw_payload]),
  });
  return { ok: true, event: result };
}
