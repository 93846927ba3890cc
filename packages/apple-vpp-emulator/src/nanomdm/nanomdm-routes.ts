import { timingSafeEqual } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, Router } from 'express';
import { z } from 'zod';
import type { EmulatedNanoMdm } from './emulated-nanomdm.ts';
import { enrollRequest, nanoMdmSettingsRequest } from './emulated-nanomdm.ts';

// HTTP faces of the emulated NanoMDM:
// - `nanoMdmApiRouter`, mounted at `/nanomdm`: NanoMDM's API (`/v1/enqueue/`, `/v1/push/`,
//   `/v1/pushcert`, user `nanomdm`) and NanoHUB's mount of the same handlers
//   (`/api/v1/nanomdm/enqueue/`, …, user `nanohub`), plus `/version`. So `MDM_URL` is
//   `<emulator>/nanomdm` for either kind.
// - `nanoMdmControlRouter`, mounted at `/_emulator/nanomdm`: enrol and unenrol devices, force
//   answers, faults, and what was received and sent.

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function basicAuth(nano: EmulatedNanoMdm, user: string, realm: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization ?? '';
    const decoded = header.startsWith('Basic ')
      ? Buffer.from(header.slice(6), 'base64').toString('utf8')
      : '';
    const colon = decoded.indexOf(':');
    if (
      colon < 0 ||
      !sameText(decoded.slice(0, colon), user) ||
      !sameText(decoded.slice(colon + 1), nano.settings.apiKey)
    ) {
      res.setHeader('www-authenticate', `Basic realm="${realm}"`);
      res.status(401).type('text/plain').send('Unauthorized\n');
      return;
    }
    next();
  };
}

/** The server's availability fault: 503 as from a proxy, or a dropped connection. */
function availability(nano: EmulatedNanoMdm) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (nano.settings.mode === 'unreachable') {
      req.socket.destroy();
      return;
    }
    if (nano.settings.mode === 'unavailable') {
      res.status(503).type('text/plain').send('Service Unavailable\n');
      return;
    }
    next();
  };
}

function writeJson(res: Response, status: number, body: unknown): void {
  res
    .status(status)
    .type('application/json')
    .send(`${JSON.stringify(body, null, '\t')}\n`);
}

function ids(req: Request): string[] {
  return String(req.params.ids ?? '').split(',');
}

function apiHandlers(nano: EmulatedNanoMdm): Router {
  const router = Router();
  router.put('/enqueue/:ids', express.raw({ type: () => true, limit: '2mb' }), (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const answer = nano.enqueue(
      ids(req),
      body,
      typeof req.query.nopush === 'string' && req.query.nopush !== '',
    );
    writeJson(res, answer.httpStatus, answer.body);
  });
  // NanoMDM's push handler takes any method.
  router.all('/push/:ids', (req, res) => {
    const answer = nano.push(ids(req));
    writeJson(res, answer.httpStatus, answer.body);
  });
  router.get('/pushcert', (req, res) => {
    if (typeof req.query.topic !== 'string' || req.query.topic === '') {
      writeJson(res, 400, { error: 'missing required query parameter: topic' });
      return;
    }
    writeJson(res, 200, { topic: req.query.topic, not_after: '2027-12-31T00:00:00Z' });
  });
  return router;
}

export function nanoMdmApiRouter(nano: EmulatedNanoMdm): Router {
  const router = Router();
  router.use(availability(nano));
  router.get('/version', (_req, res) => {
    writeJson(res, 200, { version: 'emulator' });
  });
  router.use('/v1', basicAuth(nano, 'nanomdm', 'nanomdm'), apiHandlers(nano));
  router.use('/api/v1/nanomdm', basicAuth(nano, 'nanohub', 'NanoHUB API'), apiHandlers(nano));
  router.use((_req, res) => {
    res.status(404).type('text/plain').send('404 page not found\n');
  });
  return router;
}

function invalid(res: Response, error: z.ZodError): void {
  res.status(400).json({ error: z.prettifyError(error) });
}

export function nanoMdmControlRouter(nano: EmulatedNanoMdm): Router {
  const router = Router();
  router.use(express.json({ limit: '1mb', type: () => true }));
  router.get('/settings', (_req, res) => {
    res.json(nano.describeSettings());
  });
  router.put('/settings', (req, res) => {
    const parsed = nanoMdmSettingsRequest.safeParse(req.body ?? {});
    if (!parsed.success) return invalid(res, parsed.error);
    res.json(nano.configure(parsed.data));
  });
  router.get('/devices', (_req, res) => {
    res.json({ devices: [...nano.devices.values()].map((device) => nano.describeDevice(device)) });
  });
  router.post('/devices', (req, res) => {
    const parsed = enrollRequest.safeParse(req.body ?? {});
    if (!parsed.success) return invalid(res, parsed.error);
    res.status(201).json(nano.describeDevice(nano.enroll(parsed.data)));
  });
  router.get('/devices/:udid', (req, res) => {
    const device = nano.devices.get(req.params.udid);
    if (device === undefined) res.status(404).json({ error: 'no such device' });
    else res.json(nano.describeDevice(device));
  });
  router.delete('/devices/:udid', (req, res) => {
    const device = nano.unenroll(req.params.udid);
    if (device === undefined) res.status(404).json({ error: 'no enrolled device with this UDID' });
    else res.json(nano.describeDevice(device));
  });
  router.post('/devices/:udid/answers', (req, res) => {
    try {
      const device = nano.forceAnswers(req.params.udid, req.body);
      if (device === undefined) res.status(404).json({ error: 'no such device' });
      else res.json({ pending: device.forced.length });
    } catch (error) {
      if (error instanceof z.ZodError) invalid(res, error);
      else throw error;
    }
  });
  router.post('/devices/:udid/check-in', (req, res) => {
    if (nano.checkInNow(req.params.udid)) res.status(202).json({ checkingIn: true });
    else res.status(404).json({ error: 'no enrolled device with this UDID' });
  });
  router.get('/commands', (_req, res) => {
    res.json({ commands: nano.received });
  });
  router.get('/webhooks', (_req, res) => {
    res.json({ deliveries: nano.webhookDeliveries });
  });
  return router;
}
