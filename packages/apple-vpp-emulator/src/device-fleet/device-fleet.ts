import express, { Router } from 'express';
import { z } from 'zod';

// An emulated fleet of managed devices: the MDM side of a deployment. It takes InstallApplication /
// RemoveApplication commands, "runs" them after a short delay and reports each result to the
// callback URL with the shared bearer secret, as an MDM server's device check-ins would. Never part
// of Apple's API: it lives under /_emulator/mdm.

const commandsRequest = z.object({
  callbackUrl: z.url(),
  callbackToken: z.string().min(1),
  commands: z
    .array(
      z.object({
        commandId: z.string().min(1),
        serialNumber: z.string().min(1),
        action: z.enum(['INSTALL', 'REMOVE']),
        adamId: z.string().min(1),
      }),
    )
    .max(10_000),
});

const settingsRequest = z.object({
  delayMs: z.number().int().min(0).max(600_000).optional(),
  /** Devices that answer every command with an error. */
  failSerials: z.array(z.string()).optional(),
  /** Devices that never answer (switched off). */
  offlineSerials: z.array(z.string()).optional(),
  /** What each device is (serial number → model, e.g. "iPad Air"): it refuses apps its platform cannot run. */
  models: z.record(z.string(), z.string().max(200)).optional(),
});

export interface DeviceFleetSettings {
  delayMs: number;
  failSerials: Set<string>;
  offlineSerials: Set<string>;
  models: Map<string, string>;
}

/** The store platforms (iOS, macOS, …) an app runs on, or undefined when the store does not know it. */
export type AppPlatforms = (adamId: string) => readonly string[] | undefined;

// What each kind of device installs, by its model ("iPad Air", "iPad13,1", "MacBook Pro"): a real
// device refuses an app built for another platform, whatever the MDM asks.
const PLATFORM_BY_MODEL: readonly [RegExp, string, readonly string[]][] = [
  [/ipad/i, 'iPad', ['iOS', 'iPadOS']],
  [/iphone|ipod/i, 'iPhone', ['iOS']],
  [/apple\s*tv/i, 'Apple TV', ['tvOS']],
  [/vision|realitydevice/i, 'Apple Vision', ['visionOS']],
  [/watch/i, 'Apple Watch', ['watchOS']],
  [/mac/i, 'Mac', ['macOS']],
];

interface Report {
  commandId: string;
  serialNumber: string;
  status: 'INSTALLED' | 'REMOVED' | 'FAILED';
  error?: string;
}

export class DeviceFleet {
  readonly settings: DeviceFleetSettings;
  /** serial number → adamIds installed on it. */
  private readonly installed = new Map<string, Set<string>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private pending = 0;
  private idleWaiters: (() => void)[] = [];
  /** Every command received, for tests. */
  readonly received: {
    commandId: string;
    serialNumber: string;
    action: string;
    adamId: string;
    at: string;
  }[] = [];

  constructor(
    delayMs: number,
    private readonly appPlatforms: AppPlatforms = () => undefined,
  ) {
    this.settings = { delayMs, failSerials: new Set(), offlineSerials: new Set(), models: new Map() };
  }

  /** Says what a device is; a device of unknown model installs whatever it is sent. */
  enrol(serialNumber: string, model: string): void {
    this.settings.models.set(serialNumber, model);
  }

  /** Why this device cannot run the app, or null when it can (or nothing tells). */
  private platformRefusal(serialNumber: string, adamId: string): string | null {
    const model = this.settings.models.get(serialNumber);
    const platforms = this.appPlatforms(adamId);
    if (!model || !platforms || platforms.length === 0) return null;
    const kind = PLATFORM_BY_MODEL.find(([pattern]) => pattern.test(model));
    if (!kind || kind[2].some((platform) => platforms.includes(platform))) return null;
    return `PLATFORM_NOT_SUPPORTED: the app runs on ${platforms.join(', ')}; this device is ${kind[1] === 'iPad' || kind[1] === 'iPhone' ? 'an' : 'a'} ${kind[1]} (${model}).`;
  }

  appsOn(serialNumber: string): string[] {
    return [...(this.installed.get(serialNumber) ?? [])].sort();
  }

  configure(input: unknown): ReturnType<DeviceFleet['describe']> {
    const request = settingsRequest.parse(input ?? {});
    if (request.delayMs !== undefined) this.settings.delayMs = request.delayMs;
    if (request.failSerials) this.settings.failSerials = new Set(request.failSerials);
    if (request.offlineSerials) this.settings.offlineSerials = new Set(request.offlineSerials);
    if (request.models)
      for (const [serial, model] of Object.entries(request.models)) this.enrol(serial, model);
    return this.describe();
  }

  describe() {
    return {
      delayMs: this.settings.delayMs,
      failSerials: [...this.settings.failSerials],
      offlineSerials: [...this.settings.offlineSerials],
      models: Object.fromEntries(this.settings.models),
    };
  }

  accept(input: unknown): number {
    const request = commandsRequest.parse(input);
    const now = new Date().toISOString();
    for (const command of request.commands) this.received.push({ ...command, at: now });
    this.pending += 1;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const reports = request.commands.flatMap((command) => this.run(command));
      void this.report(request.callbackUrl, request.callbackToken, reports).finally(() => this.settle());
    }, this.settings.delayMs);
    this.timers.add(timer);
    return request.commands.length;
  }

  private run(command: z.infer<typeof commandsRequest>['commands'][number]): Report[] {
    if (this.settings.offlineSerials.has(command.serialNumber)) return [];
    if (this.settings.failSerials.has(command.serialNumber)) {
      return [
        {
          commandId: command.commandId,
          serialNumber: command.serialNumber,
          status: 'FAILED',
          error: 'The device refused the command.',
        },
      ];
    }
    const apps = this.installed.get(command.serialNumber) ?? new Set<string>();
    this.installed.set(command.serialNumber, apps);
    if (command.action === 'INSTALL') {
      const refusal = this.platformRefusal(command.serialNumber, command.adamId);
      if (refusal) {
        return [
          {
            commandId: command.commandId,
            serialNumber: command.serialNumber,
            status: 'FAILED',
            error: refusal,
          },
        ];
      }
      apps.add(command.adamId);
      return [{ commandId: command.commandId, serialNumber: command.serialNumber, status: 'INSTALLED' }];
    }
    apps.delete(command.adamId);
    return [{ commandId: command.commandId, serialNumber: command.serialNumber, status: 'REMOVED' }];
  }

  private async report(url: string, token: string, reports: Report[]): Promise<void> {
    for (let start = 0; start < reports.length; start += 1000) {
      const events = reports.slice(start, start + 1000);
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        try {
          const response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ events }),
            signal: AbortSignal.timeout(10_000),
          });
          if (response.ok) break;
        } catch {
          // Retried below, as a device checks in again.
        }
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    }
  }

  private settle(): void {
    this.pending -= 1;
    if (this.pending === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  /** Resolves when every accepted command has been reported. */
  idle(): Promise<void> {
    return this.pending === 0 ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

export function deviceFleetRouter(fleet: DeviceFleet): Router {
  const router = Router();
  router.use(express.json({ limit: '20mb', type: () => true }));
  router.post('/commands', (req, res) => {
    const parsed = commandsRequest.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: z.prettifyError(parsed.error) });
      return;
    }
    res.status(202).json({ accepted: fleet.accept(parsed.data) });
  });
  router.get('/settings', (_req, res) => {
    res.json(fleet.describe());
  });
  router.put('/settings', (req, res) => {
    const parsed = settingsRequest.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: z.prettifyError(parsed.error) });
      return;
    }
    res.json(fleet.configure(parsed.data));
  });
  router.get('/devices/:serialNumber', (req, res) => {
    res.json({ serialNumber: req.params.serialNumber, apps: fleet.appsOn(req.params.serialNumber) });
  });
  return router;
}
