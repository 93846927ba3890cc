import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { DEFAULT_SERVICE_LIMITS, type ServiceLimits } from './apple/service-limits.ts';
import { createEmulatorControl, type EmulatorControl } from './control/emulator-control.ts';
import { DeviceFleet, deviceFleetRouter } from './device-fleet/device-fleet.ts';
import {
  DEFAULT_QUIRKS,
  type EmulatorContext,
  type EmulatorQuirks,
  type HttpNotificationUrls,
  type PageSizes,
} from './emulator-context.ts';
import { FilteredListCache } from './endpoints/filtered-list-cache.ts';
import { API_BASE_PATH } from './endpoints/service-config.ts';
import { EventScheduler } from './events/event-scheduler.ts';
import { appleApiRouter } from './http/apple-routes.ts';
import { controlRouter } from './http/control-routes.ts';
import { appleErrorHandler } from './http/error-handler.ts';
import { type FaultSettings, noFaults } from './http/faults.ts';
import { RateLimiter } from './http/rate-limiter.ts';
import { logRequests, RequestLog } from './http/request-log.ts';
import { storeRouter } from './http/store-routes.ts';
import { EmulatedNanoMdm } from './nanomdm/emulated-nanomdm.ts';
import { nanoMdmApiRouter, nanoMdmControlRouter } from './nanomdm/nanomdm-routes.ts';
import { NotificationSender } from './notifications/notification-sender.ts';
import { Organisation } from './state/organisation.ts';
import { SeededRandom } from './state/seeded-random.ts';

export const CONTROL_BASE_PATH = '/_emulator';
/** Where the emulated NanoMDM serves its API (NanoMDM's and NanoHUB's paths): the `MDM_URL`. */
export const NANOMDM_BASE_PATH = '/nanomdm';

export interface EmulatorOptions {
  /** The locations to serve (see `generateDemoOrganisation`, `generateScaledOrganisation`). Default: none. */
  organisation?: Organisation;
  /** Seed of fault decisions; the same seed gives the same faults. Default 'vpp-emulator'. */
  seed?: number | string;
  /** How long an event stays PENDING. Default 1000 ms. */
  eventDelayMs?: number;
  /** Records per page. Default assets 500, assignments 1000, users 1000. */
  pageSizes?: Partial<PageSizes>;
  /** Service limits (Apple's example values by default). */
  limits?: Partial<ServiceLimits>;
  /** Enforce `maxRequestPerSecond` per location (9646 / 429). Default true. */
  rateLimit?: boolean;
  faults?: Partial<FaultSettings>;
  quirks?: Partial<EmulatorQuirks>;
  /** Plain-HTTP notification URLs: 'reject' (Apple), 'loopback' (default) or 'allow'. */
  httpNotificationUrls?: HttpNotificationUrls;
  /** Wait between notification attempts. Default 60 000 ms (Apple: 3 attempts over 1–5 minutes). */
  notificationRetryDelayMs?: number;
  /** Timeout of one notification POST. Default 10 000 ms. */
  notificationTimeoutMs?: number;
  /** Base URL written into the service config's `urls`; by default each request's own host. */
  publicBaseUrl?: string;
  /** Calls kept in the request log. Default 10 000. */
  requestLogSize?: number;
  /** Clock for token expiry and timestamps. Default the system clock. */
  now?: () => Date;
  /** How long emulated devices take to run an install or remove command. Default 500 ms. */
  deviceCommandDelayMs?: number;
  /** The emulated NanoMDM (`/nanomdm`, controlled at `/_emulator/nanomdm`). */
  nanoMdm?: { apiKey?: string; webhookUrl?: string; webhookHmacKey?: string; checkInDelayMs?: number };
}

export interface StartedEmulator {
  port: number;
  /** e.g. `http://127.0.0.1:8443` */
  origin: string;
  /** Apple's API base URL on the emulator, e.g. `http://127.0.0.1:8443/mdm/v2`. */
  baseUrl: string;
  /** e.g. `http://127.0.0.1:8443/_emulator` */
  controlUrl: string;
  /** The emulated NanoMDM's root URL (`MDM_URL`), e.g. `http://127.0.0.1:8443/nanomdm`. */
  nanoMdmUrl: string;
}

export interface Emulator {
  /** The request listener: `http.createServer(emulator.handler)` serves Apple's API and the control API. */
  handler: Express;
  /** The served state: locations, catalog, tokens. */
  organisation: Organisation;
  /** The control API as functions (the same the `/_emulator` routes call). */
  control: EmulatorControl;
  /** The emulated managed devices (`/_emulator/mdm`): install and remove commands, reported back. */
  devices: DeviceFleet;
  /** An emulated NanoMDM server with its enrolled devices: enqueue API, webhooks. */
  nanoMdm: EmulatedNanoMdm;
  start(options?: { port?: number; host?: string }): Promise<StartedEmulator>;
  /** Stops the server (if started), pending events and notification retries. */
  close(): Promise<void>;
}

/** Builds an emulator of Apple's Apps and Books for Organizations API (v2). */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const now = options.now ?? (() => new Date());
  const organisation = options.organisation ?? new Organisation();
  const random = new SeededRandom(options.seed ?? 'vpp-emulator');
  const faults: FaultSettings = { ...noFaults(), ...options.faults };
  const notifications = new NotificationSender({
    random,
    faults: () => faults,
    maxAttempts: 3,
    retryDelayMs: options.notificationRetryDelayMs ?? 60_000,
    timeoutMs: options.notificationTimeoutMs ?? 10_000,
    now,
  });
  const quirks: EmulatorQuirks = { ...DEFAULT_QUIRKS, ...options.quirks };
  const eventDelayMs = options.eventDelayMs ?? 1000;
  const context: EmulatorContext = {
    organisation,
    limits: { ...DEFAULT_SERVICE_LIMITS, ...options.limits },
    pageSizes: { assets: 500, assignments: 1000, users: 1000, ...options.pageSizes },
    quirks,
    rateLimitEnabled: options.rateLimit ?? true,
    httpNotificationUrls: options.httpNotificationUrls ?? 'loopback',
    publicBaseUrl: options.publicBaseUrl?.replace(/\/+$/, ''),
    faults,
    events: new EventScheduler({
      delayMs: () => eventDelayMs,
      random: organisation.random,
      notifications,
      retireRevokesLicenses: quirks.retireRevokesLicenses,
      now,
    }),
    notifications,
    requestLog: new RequestLog(options.requestLogSize ?? 10_000),
    rateLimiter: new RateLimiter(),
    listCache: new FilteredListCache(),
    now,
  };
  const control = createEmulatorControl(context);

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const devices = new DeviceFleet(
    options.deviceCommandDelayMs ?? 500,
    (adamId) => organisation.catalog.get(adamId)?.supportedPlatforms,
  );
  app.use(`${CONTROL_BASE_PATH}/mdm`, deviceFleetRouter(devices));
  const nanoMdm = new EmulatedNanoMdm({ organisation, now, ...options.nanoMdm });
  app.use(`${CONTROL_BASE_PATH}/nanomdm`, nanoMdmControlRouter(nanoMdm));
  app.use(NANOMDM_BASE_PATH, nanoMdmApiRouter(nanoMdm));
  app.use(CONTROL_BASE_PATH, controlRouter(control));
  app.use(logRequests(context.requestLog, now));
  app.use(API_BASE_PATH, appleApiRouter(context, random));
  app.use(storeRouter(context));
  app.use((_req, res) => {
    res.status(404).json({ errorMessage: 'Not Found' });
  });
  app.use(appleErrorHandler({ authErrorsWithHttp200: () => quirks.authErrorsWithHttp200 }));

  let server: Server | undefined;

  return {
    handler: app,
    organisation,
    control,
    devices,
    nanoMdm,
    async start({ port = 0, host = '127.0.0.1' } = {}) {
      if (server !== undefined) throw new Error('emulator already started');
      const started = createServer(app);
      server = started;
      await new Promise<void>((resolve, reject) => {
        started.once('error', reject);
        started.listen(port, host, () => resolve());
      });
      const address = started.address() as AddressInfo;
      const origin = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
      return {
        port: address.port,
        origin,
        baseUrl: `${origin}${API_BASE_PATH}`,
        controlUrl: `${origin}${CONTROL_BASE_PATH}`,
        nanoMdmUrl: `${origin}${NANOMDM_BASE_PATH}`,
      };
    },
    async close() {
      context.events.close();
      devices.close();
      nanoMdm.close();
      notifications.close();
      const running = server;
      server = undefined;
      if (running === undefined) return;
      await new Promise<void>((resolve, reject) => {
        running.close((error) => (error ? reject(error) : resolve()));
        running.closeAllConnections();
      });
    },
  };
}
