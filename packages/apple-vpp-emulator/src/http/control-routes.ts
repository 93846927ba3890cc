import express, { type NextFunction, type Request, type Response, Router } from 'express';
import { ControlError } from '../control/control-error.ts';
import type { EmulatorControl } from '../control/emulator-control.ts';

function queryText(req: Request, name: string): string | undefined {
  const value = req.query[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The control API under `/_emulator` (never part of Apple's surface). Each route calls one control method. */
export function controlRouter(control: EmulatorControl): Router {
  const router = Router();
  // Control calls are for tests and scripts: any JSON content type, and an empty body is `{}`.
  router.use(express.json({ limit: '100mb', type: () => true }));

  router.get('/locations', (_req, res) => {
    res.json({ locations: control.listLocations() });
  });
  router.post('/locations', (req, res) => {
    res.status(201).json(control.createLocation(req.body));
  });
  router.get('/locations/:id', (req, res) => {
    res.json(control.describeLocation(req.params.id));
  });
  router.get('/locations/:id/state', (req, res) => {
    res.json(control.locationState(req.params.id));
  });
  router.get('/locations/:id/token', (req, res) => {
    const vppToken = control.vppToken(req.params.id);
    res.type('text/plain').attachment(`${req.params.id}.vpptoken`).send(vppToken);
  });
  router.post('/locations/:id/revoke', (req, res) => {
    res.json(control.revokeToken(req.params.id));
  });
  router.post('/locations/:id/expire', (req, res) => {
    res.json(control.expireToken(req.params.id, req.body));
  });
  router.post('/locations/:id/renew', (req, res) => {
    res.json(control.renewToken(req.params.id, req.body));
  });
  router.post('/locations/:id/claim', (req, res) => {
    res.json(control.claim(req.params.id, req.body));
  });
  router.post('/locations/:id/purchases', (req, res) => {
    res.json(control.purchase(req.params.id, req.body));
  });
  router.post('/locations/:id/assignments', (req, res) => {
    res.json(control.changeAssignments(req.params.id, req.body));
  });
  router.post('/locations/:id/users/:clientUserId/accept', (req, res) => {
    res.json(control.acceptInvitation(req.params.id, req.params.clientUserId, req.body));
  });

  router.post('/events/complete', (_req, res) => {
    res.json({ completed: control.completePendingEvents() });
  });

  router.get('/faults', (_req, res) => {
    res.json(control.faults());
  });
  router.put('/faults', (req, res) => {
    res.json(control.setFaults(req.body));
  });
  router.delete('/faults', (_req, res) => {
    res.json(control.resetFaults());
  });

  router.get('/limits', (_req, res) => {
    res.json(control.limits());
  });
  router.put('/limits', (req, res) => {
    res.json(control.setLimits(req.body));
  });

  router.get('/requests', (req, res) => {
    const limit = queryText(req, 'limit');
    res.json({
      requests: control.requests({
        locationId: queryText(req, 'locationId'),
        path: queryText(req, 'path'),
        limit: limit === undefined ? undefined : Number(limit),
      }),
    });
  });
  router.delete('/requests', (_req, res) => {
    control.clearRequests();
    res.status(204).end();
  });

  router.get('/notifications', (req, res) => {
    res.json({ notifications: control.notifications({ locationId: queryText(req, 'locationId') }) });
  });

  router.use((_req, res) => {
    res.status(404).json({ error: 'no such control endpoint' });
  });
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    if (error instanceof ControlError) {
      res.status(error.status).json({ error: error.message });
      return;
    }
    if (typeof error === 'object' && error !== null && 'type' in error) {
      res.status(400).json({ error: 'body is not valid JSON' });
      return;
    }
    console.error('apple-vpp-emulator: control API error', error);
    res.status(500).json({ error: 'internal error' });
  });
  return router;
}
