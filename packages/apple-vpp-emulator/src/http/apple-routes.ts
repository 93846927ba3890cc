import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
  Router,
} from 'express';
import { AppleError } from '../apple/apple-errors.ts';
import type { EmulatorContext } from '../emulator-context.ts';
import { readClientConfig, writeClientConfig } from '../endpoints/client-config.ts';
import { eventStatus } from '../endpoints/event-status.ts';
import { listAssets } from '../endpoints/list-assets.ts';
import { listAssignmentsJson } from '../endpoints/list-assignments.ts';
import { listUsers } from '../endpoints/list-users.ts';
import { submitManageAssets, submitRevokeAssets } from '../endpoints/manage-assets.ts';
import { submitManageUsers } from '../endpoints/manage-users.ts';
import { responseEnvelope } from '../endpoints/response-envelope.ts';
import { serviceConfig } from '../endpoints/service-config.ts';
import type { SeededRandom } from '../state/seeded-random.ts';
import { authenticate, authenticatedLocation } from './authenticate.ts';
import { injectFaults } from './faults.ts';

export function publicBaseUrl(context: EmulatorContext, req: Request): string {
  return context.publicBaseUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

function requireJsonBody(req: Request, _res: Response, next: NextFunction): void {
  if (req.is('application/json') !== 'application/json') throw new AppleError(9727);
  next();
}

function methodNotAllowed(): never {
  throw new AppleError(9726);
}

/** Answers with the body plus `tokenExpirationDate`, `uId` and `mdmInfo`. */
function sendWithEnvelope(res: Response, body: object): void {
  const { location, token } = authenticatedLocation(res);
  res.json({ ...body, ...responseEnvelope(location, token) });
}

/** Apple's v2 surface, mounted at `/mdm/v2`. Handlers are thin: parse, call one endpoint function, answer. */
export function appleApiRouter(context: EmulatorContext, faultRandom: SeededRandom): Router {
  const router = Router();
  const auth = authenticate(context);
  const jsonBody = [requireJsonBody, express.json({ limit: '10mb' })];
  const get = (path: string, ...handlers: RequestHandler[]) =>
    router
      .route(path)
      .get(...handlers)
      .all(methodNotAllowed);
  const post = (path: string, handler: RequestHandler) =>
    router
      .route(path)
      .post(auth, ...jsonBody, handler)
      .all(methodNotAllowed);

  router.use(injectFaults(() => context.faults, faultRandom));

  get('/service/config', (req, res) => {
    res.json(serviceConfig(context.limits, publicBaseUrl(context, req)));
  });

  router
    .route('/client/config')
    .get(auth, (_req, res) => sendWithEnvelope(res, readClientConfig(authenticatedLocation(res).location)))
    .post(auth, ...jsonBody, async (req, res) => {
      sendWithEnvelope(res, await writeClientConfig(context, authenticatedLocation(res).location, req.body));
    })
    .all(methodNotAllowed);

  get('/assets', auth, (req, res) => {
    sendWithEnvelope(res, listAssets(context, authenticatedLocation(res).location, req.query));
  });

  get('/assignments', auth, (req, res) => {
    const { location, token } = authenticatedLocation(res);
    res
      .type('application/json')
      .send(listAssignmentsJson(context, location, req.query, responseEnvelope(location, token)));
  });

  get('/users', auth, (req, res) => {
    sendWithEnvelope(res, listUsers(context, authenticatedLocation(res).location, req.query));
  });

  get('/status', auth, (req, res) => {
    sendWithEnvelope(res, eventStatus(authenticatedLocation(res).location, req.query));
  });

  const eventAnswer = (res: Response, eventId: string) => sendWithEnvelope(res, { eventId });

  post('/assets/associate', (req, res) => {
    eventAnswer(
      res,
      submitManageAssets(context, authenticatedLocation(res).location, 'ASSOCIATE', req.body).eventId,
    );
  });
  post('/assets/disassociate', (req, res) => {
    eventAnswer(
      res,
      submitManageAssets(context, authenticatedLocation(res).location, 'DISASSOCIATE', req.body).eventId,
    );
  });
  post('/assets/revoke', (req, res) => {
    eventAnswer(res, submitRevokeAssets(context, authenticatedLocation(res).location, req.body).eventId);
  });
  post('/users/create', (req, res) => {
    eventAnswer(
      res,
      submitManageUsers(context, authenticatedLocation(res).location, 'CREATE', req.body).eventId,
    );
  });
  post('/users/update', (req, res) => {
    eventAnswer(
      res,
      submitManageUsers(context, authenticatedLocation(res).location, 'UPDATE', req.body).eventId,
    );
  });
  post('/users/retire', (req, res) => {
    eventAnswer(
      res,
      submitManageUsers(context, authenticatedLocation(res).location, 'RETIRE', req.body).eventId,
    );
  });

  return router;
}
