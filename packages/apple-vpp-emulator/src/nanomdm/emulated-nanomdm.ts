import { randomUUID } from 'node:crypto';
import { type PlistValue, parse } from 'plist';
import { z } from 'zod';
import type { Organisation } from '../state/organisation.ts';
import { type WebhookDelivery, WebhookSender } from './nanomdm-webhooks.ts';

// An emulated NanoMDM server with its enrolled devices. It takes commands through NanoMDM's enqueue
// API (raw plists, per-enrollment results, 200/207/500), "pushes" the devices, and each device then
// checks in: it reports Idle, runs its queued commands in order and reports each result, all as
// NanoMDM's webhooks. Devices follow Apple's rules as far as the console can see them: an app
// installs only on a platform it supports and only with a device license at Apple (the emulated
// Apple's assignments), RemoveApplication needs a managed app, and the answers carry Apple's keys.
// Faults on request: the API down (503) or unreachable (connection dropped), enqueue or push
// failures for chosen devices (207), NotNow or Error answers, duplicated webhooks.

export type DevicePlatform = 'iOS' | 'iPadOS' | 'macOS' | 'tvOS' | 'visionOS' | 'watchOS';

interface ManagedApp {
  adamId: string;
  status: 'Managed' | 'Installing';
  managementFlags: number;
}

interface QueuedCommand {
  commandUuid: string;
  requestType: string;
  command: Record<string, PlistValue>;
}

// A type, not an interface, so it is a plist dictionary to TypeScript.
type ErrorChainItem = {
  ErrorCode: number;
  ErrorDomain: string;
  LocalizedDescription: string;
  USEnglishDescription: string;
};

export interface ForcedAnswer {
  status: 'NotNow' | 'Error';
  errorChain?: ErrorChainItem[];
}

export interface EmulatedDevice {
  udid: string;
  serialNumber: string;
  deviceName: string;
  platform: DevicePlatform;
  model: string;
  modelName: string;
  productName: string;
  osVersion: string;
  buildVersion: string;
  enrolled: boolean;
  tokenUpdateTally: number;
  apps: Map<string, ManagedApp>;
  queue: QueuedCommand[];
  forced: ForcedAnswer[];
}

export type NanoMdmMode = 'up' | 'unavailable' | 'unreachable';

export interface NanoMdmSettings {
  /** NanoMDM's `-api` key (Basic password; user `nanomdm`, or `nanohub` on the NanoHUB paths). */
  apiKey: string;
  webhookUrl: string | undefined;
  webhookHmacKey: string | undefined;
  mode: NanoMdmMode;
  /** Enrollment ids whose enqueue fails (a per-id `command_error`). */
  enqueueFailIds: Set<string>;
  /** Enrollment ids whose APNs push fails (`push_error`): the command waits for a later check-in. */
  pushFailIds: Set<string>;
  /** How long a pushed device takes to check in. */
  checkInDelayMs: number;
  /** How long a device that answered NotNow waits before it checks in again. */
  notNowRetryMs: number;
  duplicateWebhooks: boolean;
  /** Record webhooks as sent but never deliver them, as NanoMDM loses one when the receiver is down. */
  dropWebhooks: boolean;
  /** How long an acknowledged install stays `Installing` before the app is `Managed`. */
  installDelayMs: number;
  /** Refuse an install when Apple has no device license of the app for the serial number. */
  requireDeviceLicense: boolean;
  /**
   * Enrollment ids whose installs are acknowledged but never arrive (the download failed later):
   * the app is missing from their ManagedApplicationList.
   */
  lostInstallIds: Set<string>;
}

export interface EmulatedNanoMdmOptions {
  organisation: Organisation;
  apiKey?: string;
  webhookUrl?: string;
  webhookHmacKey?: string;
  checkInDelayMs?: number;
  now?: () => Date;
}

const platform = z.enum(['iOS', 'iPadOS', 'macOS', 'tvOS', 'visionOS', 'watchOS']);

export const enrollRequest = z.object({
  serialNumber: z.string().min(1),
  udid: z.string().min(1).optional(),
  platform: platform.default('iPadOS'),
  deviceName: z.string().min(1).optional(),
  osVersion: z.string().min(1).optional(),
  productName: z.string().min(1).optional(),
});

const errorChainItem = z.object({
  ErrorCode: z.number().int(),
  ErrorDomain: z.string(),
  LocalizedDescription: z.string(),
  USEnglishDescription: z.string(),
});

export const answersRequest = z.object({
  answers: z
    .array(z.object({ status: z.enum(['NotNow', 'Error']), errorChain: z.array(errorChainItem).optional() }))
    .min(1)
    .max(100),
});

export const nanoMdmSettingsRequest = z.object({
  apiKey: z.string().min(1).optional(),
  webhookUrl: z.url().nullable().optional(),
  webhookHmacKey: z.string().min(1).nullable().optional(),
  mode: z.enum(['up', 'unavailable', 'unreachable']).optional(),
  enqueueFailIds: z.array(z.string()).optional(),
  pushFailIds: z.array(z.string()).optional(),
  checkInDelayMs: z.number().int().min(0).max(600_000).optional(),
  notNowRetryMs: z.number().int().min(0).max(600_000).optional(),
  duplicateWebhooks: z.boolean().optional(),
  dropWebhooks: z.boolean().optional(),
  installDelayMs: z.number().int().min(0).max(600_000).optional(),
  requireDeviceLicense: z.boolean().optional(),
  lostInstallIds: z.array(z.string()).optional(),
});

const HARDWARE: Record<
  DevicePlatform,
  { model: string; modelName: string; productName: string; os: string }
> = {
  iOS: { model: 'MTLX3LL/A', modelName: 'iPhone', productName: 'iPhone16,1', os: '18.1' },
  iPadOS: { model: 'MPQ03LL/A', modelName: 'iPad', productName: 'iPad13,18', os: '18.1' },
  macOS: { model: 'Mac14,2', modelName: 'MacBook Air', productName: 'Mac14,2', os: '15.1' },
  tvOS: { model: 'MN873LL/A', modelName: 'Apple TV', productName: 'AppleTV14,1', os: '18.1' },
  visionOS: {
    model: 'MW8X3LL/A',
    modelName: 'Apple Vision Pro',
    productName: 'RealityDevice14,1',
    os: '2.1',
  },
  watchOS: { model: 'MR933LL/A', modelName: 'Apple Watch', productName: 'Watch7,1', os: '11.1' },
};

/** Which store platform an app must support to run on a device (iPadOS runs iOS apps). */
const STORE_PLATFORM: Record<DevicePlatform, string> = {
  iOS: 'iOS',
  iPadOS: 'iOS',
  macOS: 'macOS',
  tvOS: 'tvOS',
  visionOS: 'visionOS',
  watchOS: 'watchOS',
};

// The emulator's own error codes, in the shape devices report (outermost first).
function chain(...items: [number, string, string][]): ErrorChainItem[] {
  return items.map(([code, domain, words]) => ({
    ErrorCode: code,
    ErrorDomain: domain,
    LocalizedDescription: words,
    USEnglishDescription: words,
  }));
}

export interface EnqueueAnswer {
  httpStatus: number;
  body: Record<string, unknown>;
}

export interface ReceivedCommand {
  udids: string[];
  commandUuid: string;
  requestType: string;
  command: Record<string, PlistValue>;
  at: string;
}

type PlistDict = Record<string, PlistValue>;

function isDict(value: PlistValue | undefined): value is PlistDict {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !(value instanceof Uint8Array)
  );
}

export class EmulatedNanoMdm {
  readonly settings: NanoMdmSettings;
  readonly devices = new Map<string, EmulatedDevice>();
  /** Every command enqueued, for tests. */
  readonly received: ReceivedCommand[] = [];
  private readonly webhooks: WebhookSender;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly installTimers = new Set<NodeJS.Timeout>();
  private readonly organisation: Organisation;
  private readonly now: () => Date;

  constructor(options: EmulatedNanoMdmOptions) {
    this.organisation = options.organisation;
    this.now = options.now ?? (() => new Date());
    this.settings = {
      apiKey: options.apiKey ?? 'nanomdm-emulator-key',
      webhookUrl: options.webhookUrl,
      webhookHmacKey: options.webhookHmacKey,
      mode: 'up',
      enqueueFailIds: new Set(),
      pushFailIds: new Set(),
      checkInDelayMs: options.checkInDelayMs ?? 200,
      notNowRetryMs: 1000,
      duplicateWebhooks: false,
      dropWebhooks: false,
      installDelayMs: 0,
      requireDeviceLicense: true,
      lostInstallIds: new Set(),
    };
    this.webhooks = new WebhookSender(
      () => ({
        url: this.settings.webhookUrl,
        hmacKey: this.settings.webhookHmacKey,
        duplicate: this.settings.duplicateWebhooks,
        drop: this.settings.dropWebhooks,
      }),
      this.now,
    );
  }

  get webhookDeliveries(): readonly WebhookDelivery[] {
    return this.webhooks.deliveries;
  }

  configure(input: unknown) {
    const request = nanoMdmSettingsRequest.parse(input ?? {});
    const s = this.settings;
    if (request.apiKey !== undefined) s.apiKey = request.apiKey;
    if (request.webhookUrl !== undefined) s.webhookUrl = request.webhookUrl ?? undefined;
    if (request.webhookHmacKey !== undefined) s.webhookHmacKey = request.webhookHmacKey ?? undefined;
    if (request.mode !== undefined) s.mode = request.mode;
    if (request.enqueueFailIds !== undefined) s.enqueueFailIds = new Set(request.enqueueFailIds);
    if (request.pushFailIds !== undefined) s.pushFailIds = new Set(request.pushFailIds);
    if (request.checkInDelayMs !== undefined) s.checkInDelayMs = request.checkInDelayMs;
    if (request.notNowRetryMs !== undefined) s.notNowRetryMs = request.notNowRetryMs;
    if (request.duplicateWebhooks !== undefined) s.duplicateWebhooks = request.duplicateWebhooks;
    if (request.dropWebhooks !== undefined) s.dropWebhooks = request.dropWebhooks;
    if (request.installDelayMs !== undefined) s.installDelayMs = request.installDelayMs;
    if (request.requireDeviceLicense !== undefined) s.requireDeviceLicense = request.requireDeviceLicense;
    if (request.lostInstallIds !== undefined) s.lostInstallIds = new Set(request.lostInstallIds);
    return this.describeSettings();
  }

  /** The settings without the secrets. */
  describeSettings() {
    const s = this.settings;
    return {
      webhookUrl: s.webhookUrl ?? null,
      webhookSigned: s.webhookHmacKey !== undefined,
      mode: s.mode,
      enqueueFailIds: [...s.enqueueFailIds],
      pushFailIds: [...s.pushFailIds],
      checkInDelayMs: s.checkInDelayMs,
      notNowRetryMs: s.notNowRetryMs,
      duplicateWebhooks: s.duplicateWebhooks,
      dropWebhooks: s.dropWebhooks,
      installDelayMs: s.installDelayMs,
      requireDeviceLicense: s.requireDeviceLicense,
      lostInstallIds: [...s.lostInstallIds],
    };
  }

  describeDevice(device: EmulatedDevice) {
    return {
      udid: device.udid,
      serialNumber: device.serialNumber,
      deviceName: device.deviceName,
      platform: device.platform,
      modelName: device.modelName,
      productName: device.productName,
      osVersion: device.osVersion,
      enrolled: device.enrolled,
      apps: [...device.apps.entries()]
        .map(([bundleId, app]) => ({ bundleId, adamId: app.adamId, status: app.status }))
        .sort((a, b) => a.bundleId.localeCompare(b.bundleId)),
      queuedCommands: device.queue.map((command) => command.commandUuid),
    };
  }

  // Enrolment --------------------------------------------------------------------------------

  /** A device enrols (or enrols again): Authenticate, then TokenUpdate, as NanoMDM reports them. */
  enroll(input: z.input<typeof enrollRequest>): EmulatedDevice {
    const request = enrollRequest.parse(input);
    const hardware = HARDWARE[request.platform];
    const udid = request.udid ?? randomUUID().toUpperCase();
    const existing = this.devices.get(udid);
    const device: EmulatedDevice = existing ?? {
      udid,
      serialNumber: request.serialNumber,
      deviceName: request.deviceName ?? `${hardware.modelName} ${request.serialNumber.slice(-4)}`,
      platform: request.platform,
      model: hardware.model,
      modelName: hardware.modelName,
      productName: request.productName ?? hardware.productName,
      osVersion: request.osVersion ?? hardware.os,
      buildVersion: '22B83',
      enrolled: false,
      tokenUpdateTally: 0,
      apps: new Map(),
      queue: [],
      forced: [],
    };
    this.devices.set(udid, device);
    device.enrolled = true;
    device.tokenUpdateTally += 1;
    this.webhooks.send({
      topic: 'mdm.Authenticate',
      udid,
      payload: {
        MessageType: 'Authenticate',
        Topic: 'com.apple.mgmt.External.emulator',
        UDID: udid,
        SerialNumber: device.serialNumber,
        DeviceName: device.deviceName,
        Model: device.model,
        ModelName: device.modelName,
        ProductName: device.productName,
        OSVersion: device.osVersion,
        BuildVersion: device.buildVersion,
      },
    });
    this.webhooks.send({
      topic: 'mdm.TokenUpdate',
      udid,
      tokenUpdateTally: device.tokenUpdateTally,
      payload: {
        MessageType: 'TokenUpdate',
        Topic: 'com.apple.mgmt.External.emulator',
        UDID: udid,
        Token: Buffer.from(randomUUID()),
        PushMagic: randomUUID().toUpperCase(),
        AwaitingConfiguration: false,
      },
    });
    return device;
  }

  /** The MDM profile is removed: CheckOut; apps installed with ManagementFlags 1 go with it. */
  unenroll(udid: string): EmulatedDevice | undefined {
    const device = this.devices.get(udid);
    if (device === undefined || !device.enrolled) return undefined;
    device.enrolled = false;
    device.queue = [];
    this.cancelCheckIn(udid);
    for (const [bundleId, app] of device.apps)
      if ((app.managementFlags & 1) === 1) device.apps.delete(bundleId);
    this.webhooks.send({
      topic: 'mdm.CheckOut',
      udid,
      payload: { MessageType: 'CheckOut', Topic: 'com.apple.mgmt.External.emulator', UDID: udid },
    });
    return device;
  }

  /** The next commands of a device are answered with these, in order, instead of being run. */
  forceAnswers(udid: string, input: unknown): EmulatedDevice | undefined {
    const device = this.devices.get(udid);
    if (device === undefined) return undefined;
    device.forced.push(...answersRequest.parse(input).answers);
    return device;
  }

  // NanoMDM's API ----------------------------------------------------------------------------

  /** `PUT /v1/enqueue/{ids}`: NanoMDM's api.APIResult and status (200 all, 207 some, 500 none). */
  enqueue(ids: string[], body: Buffer, noPush: boolean): EnqueueAnswer {
    let command: QueuedCommand;
    try {
      command = this.decodeCommand(body);
    } catch (error) {
      const reason = error instanceof Error ? error.message : 'invalid command';
      return { httpStatus: 500, body: { command_error: `decoding command: ${reason}` } };
    }
    this.received.push({ udids: ids, ...command, at: this.now().toISOString() });
    const status: Record<string, Record<string, string>> = {};
    let errors = 0;
    for (const id of ids) {
      const device = this.devices.get(id);
      const result: Record<string, string> = {};
      if (this.settings.enqueueFailIds.has(id)) result.command_error = 'emulated storage failure';
      else if (device === undefined || !device.enrolled) result.command_error = `enrollment not found: ${id}`;
      else device.queue.push(command);
      if (!noPush) Object.assign(result, this.pushOne(id));
      if (result.command_error !== undefined || result.push_error !== undefined) errors += 1;
      status[id] = result;
    }
    const answer: Record<string, unknown> = {
      command_uuid: command.commandUuid,
      request_type: command.requestType,
    };
    if (noPush) answer.no_push = true;
    if (Object.values(status).some((result) => Object.keys(result).length > 0)) answer.status = status;
    return { httpStatus: httpStatusOf(errors, ids.length), body: answer };
  }

  /** `GET /v1/push/{ids}`. */
  push(ids: string[]): EnqueueAnswer {
    const status: Record<string, Record<string, string>> = {};
    let errors = 0;
    for (const id of ids) {
      const result = this.pushOne(id);
      if (result.push_error !== undefined) errors += 1;
      status[id] = result;
    }
    return { httpStatus: httpStatusOf(errors, ids.length), body: { status } };
  }

  private pushOne(id: string): Record<string, string> {
    const device = this.devices.get(id);
    if (device === undefined || !device.enrolled) return { push_error: `no push info for ${id}` };
    if (this.settings.pushFailIds.has(id)) return { push_error: 'emulated APNs failure: ServiceUnavailable' };
    this.scheduleCheckIn(device, this.settings.checkInDelayMs);
    return { push_result: randomUUID().toUpperCase() };
  }

  private decodeCommand(body: Buffer): QueuedCommand {
    if (body.length === 0) throw new Error('empty command bytes');
    const value = parse(body.toString('utf8'));
    if (!isDict(value)) throw new Error('invalid command');
    const inner = value.Command;
    const commandUuid = value.CommandUUID;
    if (typeof commandUuid !== 'string' || commandUuid === '' || !isDict(inner))
      throw new Error('invalid command');
    const requestType = inner.RequestType;
    if (typeof requestType !== 'string' || requestType === '') throw new Error('invalid command');
    return { commandUuid, requestType, command: inner };
  }

  // Devices checking in ----------------------------------------------------------------------

  /** A device checks in now (as after a push), e.g. one whose push failed. */
  checkInNow(udid: string): boolean {
    const device = this.devices.get(udid);
    if (device === undefined || !device.enrolled) return false;
    this.scheduleCheckIn(device, 0);
    return true;
  }

  private scheduleCheckIn(device: EmulatedDevice, delayMs: number): void {
    if (this.timers.has(device.udid)) return;
    const timer = setTimeout(() => {
      this.timers.delete(device.udid);
      this.checkIn(device);
    }, delayMs);
    this.timers.set(device.udid, timer);
  }

  private cancelCheckIn(udid: string): void {
    const timer = this.timers.get(udid);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(udid);
  }

  /** One MDM session: Idle, then each queued command and its report, until the queue is empty or NotNow. */
  private checkIn(device: EmulatedDevice): void {
    if (!device.enrolled) return;
    this.report(device, 'Idle', undefined, {});
    while (device.queue.length > 0) {
      const command = device.queue[0] as QueuedCommand;
      const forced = device.forced.shift();
      if (forced?.status === 'NotNow') {
        // The command stays queued; NanoMDM hands it out again at the next check-in.
        this.report(device, 'NotNow', command.commandUuid, {});
        this.scheduleCheckIn(device, this.settings.notNowRetryMs);
        return;
      }
      device.queue.shift();
      if (forced?.status === 'Error') {
        const errorChain =
          forced.errorChain ?? chain([12_000, 'MCMDMErrorDomain', 'The device refused the command.']);
        this.report(device, 'Error', command.commandUuid, { ErrorChain: errorChain });
        continue;
      }
      const { status, payload } = this.run(device, command);
      this.report(device, status, command.commandUuid, payload);
    }
  }

  private report(
    device: EmulatedDevice,
    status: string,
    commandUuid: string | undefined,
    payload: PlistDict,
  ) {
    this.webhooks.send({
      topic: 'mdm.Connect',
      udid: device.udid,
      status,
      ...(commandUuid === undefined ? {} : { commandUuid }),
      payload: {
        UDID: device.udid,
        Status: status,
        ...(commandUuid === undefined ? {} : { CommandUUID: commandUuid }),
        ...payload,
      },
    });
  }

  private run(device: EmulatedDevice, queued: QueuedCommand): { status: string; payload: PlistDict } {
    const command = queued.command;
    switch (queued.requestType) {
      case 'InstallApplication':
        return this.install(device, command);
      case 'RemoveApplication': {
        const bundleId = command.Identifier;
        if (typeof bundleId !== 'string') return { status: 'CommandFormatError', payload: {} };
        if (!device.apps.delete(bundleId)) {
          return {
            status: 'Error',
            payload: {
              ErrorChain: chain([12_029, 'MCMDMErrorDomain', `The app “${bundleId}” is not managed.`]),
            },
          };
        }
        return { status: 'Acknowledged', payload: {} };
      }
      case 'ManagedApplicationList': {
        const wanted = Array.isArray(command.Identifiers)
          ? new Set(command.Identifiers.filter((id): id is string => typeof id === 'string'))
          : undefined;
        const list: PlistDict = {};
        for (const [bundleId, app] of device.apps) {
          if (wanted !== undefined && !wanted.has(bundleId)) continue;
          list[bundleId] = {
            Status: app.status,
            ManagementFlags: app.managementFlags,
            HasConfiguration: false,
            HasFeedback: false,
            IsValidated: true,
            ExternalVersionIdentifier: 1,
          };
        }
        return { status: 'Acknowledged', payload: { ManagedApplicationList: list } };
      }
      case 'DeviceInformation': {
        const facts: PlistDict = {
          UDID: device.udid,
          SerialNumber: device.serialNumber,
          DeviceName: device.deviceName,
          OSVersion: device.osVersion,
          BuildVersion: device.buildVersion,
          Model: device.model,
          ModelName: device.modelName,
          ProductName: device.productName,
          IsSupervised: true,
        };
        const queries = Array.isArray(command.Queries) ? command.Queries : Object.keys(facts);
        const answers: PlistDict = {};
        for (const query of queries) {
          if (typeof query === 'string' && facts[query] !== undefined) answers[query] = facts[query];
        }
        return { status: 'Acknowledged', payload: { QueryResponses: answers } };
      }
      default:
        return {
          status: 'Error',
          payload: {
            ErrorChain: chain([
              12_021,
              'MCMDMErrorDomain',
              `Unsupported request type ${queued.requestType}.`,
            ]),
          },
        };
    }
  }

  private install(device: EmulatedDevice, command: PlistDict): { status: string; payload: PlistDict } {
    const storeId = command.iTunesStoreID;
    if (typeof storeId !== 'number' || !Number.isInteger(storeId))
      return { status: 'CommandFormatError', payload: {} };
    const adamId = String(storeId);
    const item = this.organisation.catalog.get(adamId);
    const name = item?.name ?? adamId;
    const options = isDict(command.Options) ? command.Options : {};
    if (item === undefined || item.productType !== 'App') {
      return this.installError([12_024, 'MCMDMErrorDomain', `Couldn’t find app ${adamId} in the App Store.`]);
    }
    if (!item.supportedPlatforms.some((supported) => supported === STORE_PLATFORM[device.platform])) {
      return this.installError(
        [12_024, 'MCMDMErrorDomain', `Couldn’t install “${name}”.`],
        [507, 'ASDErrorDomain', `“${name}” is not available for ${device.modelName} (${device.platform}).`],
      );
    }
    if (options.PurchaseMethod !== 1) {
      return this.installError(
        [12_024, 'MCMDMErrorDomain', `Couldn’t install “${name}”.`],
        [
          12_064,
          'MCMDMErrorDomain',
          'Installing without an Apple Account needs a Volume Purchase license (PurchaseMethod 1).',
        ],
      );
    }
    if (this.settings.requireDeviceLicense && !this.hasDeviceLicense(adamId, device.serialNumber)) {
      return this.installError(
        [12_024, 'MCMDMErrorDomain', `Couldn’t install “${name}”.`],
        [
          9_632,
          'com.apple.vpp',
          `No license of “${name}” is assigned to this device (${device.serialNumber}).`,
        ],
      );
    }
    const bundleId = item.bundleId ?? `com.example.app${adamId}`;
    const managed = device.platform !== 'macOS' || command.InstallAsManaged === true;
    const flags = typeof command.ManagementFlags === 'number' ? command.ManagementFlags : 0;
    // On macOS an app installed without InstallAsManaged is the user's, not a managed app.
    if (!managed)
      return { status: 'Acknowledged', payload: { Identifier: bundleId, State: 'UserInstalledApp' } };
    // Accepted, but the download fails later: the app never shows up in ManagedApplicationList.
    if (this.settings.lostInstallIds.has(device.udid))
      return { status: 'Acknowledged', payload: { Identifier: bundleId, State: 'Queued' } };
    const delayMs = this.settings.installDelayMs;
    const app: ManagedApp = {
      adamId,
      status: delayMs > 0 ? 'Installing' : 'Managed',
      managementFlags: flags,
    };
    device.apps.set(bundleId, app);
    if (delayMs > 0) {
      const timer = setTimeout(() => {
        this.installTimers.delete(timer);
        if (device.apps.get(bundleId) === app) app.status = 'Managed';
      }, delayMs);
      this.installTimers.add(timer);
    }
    return { status: 'Acknowledged', payload: { Identifier: bundleId, State: app.status } };
  }

  private installError(...items: [number, string, string][]) {
    return { status: 'Error', payload: { ErrorChain: chain(...items), RejectionReason: 'Other' } };
  }

  private hasDeviceLicense(adamId: string, serialNumber: string): boolean {
    for (const location of this.organisation.locations) {
      const subject = location.assignments.subjectId('serialNumber', serialNumber, false);
      if (subject === undefined) continue;
      for (const asset of location.assets) {
        if (asset.adamId === adamId && location.assignments.find(asset.index, subject) !== -1) return true;
      }
    }
    return false;
  }

  /** Resolves when no device is due to check in and every webhook has been delivered. */
  async idle(): Promise<void> {
    while (this.timers.size > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await this.webhooks.idle();
  }

  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const timer of this.installTimers) clearTimeout(timer);
    this.installTimers.clear();
  }
}

/** NanoMDM's api code(): 200 without errors, 500 when every id failed, 207 in between. */
function httpStatusOf(errors: number, ids: number): number {
  if (errors === 0) return 200;
  return errors >= ids ? 500 : 207;
}
