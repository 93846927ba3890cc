import { reconcilerFixCounts } from '@vpp/core/deployments/deployment-store';
import './http/express-augment.ts';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '@vpp/contracts/errors';
import { readQueueDepth } from '@vpp/job-queue/job-queue';
import compression from 'compression';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import swaggerUi from 'swagger-ui-express';
import type { AppDeps } from './app-deps.ts';
import { accountRoutes } from './features/accounts/routes.ts';
import { alertRoutes } from './features/alerts/routes.ts';
import { apiKeyRoutes } from './features/api-keys/routes.ts';
import { apnsRoutes } from './features/apns/routes.ts';
import { appleNotificationRoutes } from './features/apple-notifications/routes.ts';
import { applicationRoutes } from './features/applications/routes.ts';
import { auditLogRoutes } from './features/audit-log/routes.ts';
import { oidcRoutes } from './features/auth/oidc-routes.ts';
import { authRoutes } from './features/auth/routes.ts';
import { deploymentRoutes } from './features/deployments/routes.ts';
import { inventoryRoutes } from './features/inventory/routes.ts';
import { licenseHistoryRoutes } from './features/license-history/routes.ts';
import { licenseReturnRoutes } from './features/license-returns/routes.ts';
import { mdmRoutes } from './features/mdm/routes.ts';
import {
  NANOMDM_WEBHOOK_PATH,
  nanoMdmWebhookBody,
  nanoMdmWebhookRoutes,
} from './features/nanomdm-webhook/routes.ts';
import { operationsRoutes } from './features/operations/routes.ts';
import { reclaimRoutes } from './features/reclaim/routes.ts';
import { reportRoutes } from './features/reports/routes.ts';
import { settingsRoutes } from './features/settings/routes.ts';
import { storeAppRoutes } from './features/store-apps/routes.ts';
import { tokenRoutes } from './features/tokens/routes.ts';
import { answeredDatabaseUnavailable, databaseUnavailableToProblems } from './http/database-unavailable.ts';
import { problemErrorHandler } from './http/problem-responses.ts';
import { mountRoutes, pathMatcher, type Route } from './http/route-table.ts';
import { sameOriginWrites } from './http/same-origin-writes.ts';
import { sessionMiddleware } from './http/session-middleware.ts';
import { transportErrorsToProblems } from './http/transport-errors.ts';
import { buildOpenApiDocument } from './openapi/build-openapi-document.ts';

export const API_VERSION = '0.1.0';
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

export interface CreatedApp {
  app: Express;
  routes: Route[];
}

/** Every route of the API, in one list: mounted, documented and checked by the authorisation test. */
export function apiRoutes(deps: AppDeps): Route[] {
  let document: object | undefined;
  const routes: Route[] = [];
  routes.push(
    ...operationsRoutes(deps, () => {
      document ??= buildOpenApiDocument(routes, API_VERSION);
      return document;
    }),
    ...authRoutes(deps),
    ...accountRoutes(deps),
    ...auditLogRoutes(deps),
    ...tokenRoutes(deps),
    ...storeAppRoutes(deps),
    ...applicationRoutes(deps),
    ...deploymentRoutes(deps),
    ...apnsRoutes(deps),
    ...mdmRoutes(deps),
    ...nanoMdmWebhookRoutes(deps),
    ...reportRoutes(deps),
    ...settingsRoutes(deps),
    ...appleNotificationRoutes(deps),
    ...inventoryRoutes(deps),
    ...licenseReturnRoutes(deps),
    ...licenseHistoryRoutes(deps),
    ...alertRoutes(deps),
    ...reclaimRoutes(deps),
    ...oidcRoutes(deps),
    ...apiKeyRoutes(deps),
  );
  return routes;
}

export function createApp(deps: AppDeps): CreatedApp {
  const app = express();
  const routes = apiRoutes(deps);
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.TRUST_PROXY);

  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID_PATTERN.test(given) ? given : crypto.randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      customLogLevel: (_req, res, error) =>
        answeredDatabaseUnavailable(res) ? 'silent' : error || res.statusCode >= 500 ? 'error' : 'info',
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    }),
  );
  app.use(deps.metrics.middleware);
  // Brotli or gzip for JSON, CSV and the console's files, as the browser accepts (small bodies as is).
  app.use(compression({ threshold: 1024 }));
  deps.metrics.readReconcilerFixes = () => reconcilerFixCounts(deps.database.pool);
  deps.metrics.onScrape(async () => {
    const depth = await readQueueDepth(deps.database.prisma).catch(() => null);
    if (!depth) return;
    for (const [state, count] of Object.entries(depth))
      deps.metrics.queueDepth.set({ state }, count as number);
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'default-src': ["'self'"],
          'img-src': ["'self'", 'data:', 'https:', 'http:'],
          // swagger-ui sets inline styles on the docs page.
          'style-src': ["'self'", "'unsafe-inline'"],
          'upgrade-insecure-requests': null,
        },
      },
      hsts: deps.config.PUBLIC_URL?.startsWith('https://') ?? false,
    }),
  );
  // Read raw: its HMAC signs the exact bytes (the signature is the caller's authentication).
  app.use(NANOMDM_WEBHOOK_PATH, nanoMdmWebhookBody);
  // Bodies are read per route, after the caller is authorised (route-table.ts).
  app.use(sameOriginWrites({ publicUrl: deps.config.PUBLIC_URL }));
  app.use(sessionMiddleware(deps.database.pool, deps.sessionTokens, deps.now));

  const router = express.Router();
  mountRoutes(router, routes, {
    mdmSecret: deps.config.MDM_EVENTS_SECRET,
    metricsToken: deps.config.METRICS_TOKEN,
  });
  app.use(router);

  app.use(
    '/api/docs',
    swaggerUi.serve,
    swaggerUi.setup(undefined, {
      swaggerOptions: { url: '/api/openapi.json' },
      customSiteTitle: 'VPP Console API',
    }),
  );

  // Unknown API paths, and known paths with the wrong method, answer in problem+json too.
  const matchers = routes.map((route) => ({
    method: route.method.toUpperCase(),
    pattern: pathMatcher(route.path),
  }));
  app.all(/^\/(api|healthz|readyz|metrics)(\/.*)?$/, (req) => {
    const pathKnown = matchers.some((matcher) => matcher.pattern.test(req.path));
    if (pathKnown) throw new AppError('METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${req.path}.`);
    throw new AppError('NOT_FOUND', `There is no API at ${req.path}.`);
  });

  const webDist = deps.config.WEB_DIST_DIR ? path.resolve(deps.config.WEB_DIST_DIR) : undefined;
  if (webDist && existsSync(path.join(webDist, 'index.html'))) {
    // Vite names every built asset by its content hash: it can be cached for good. Anything else
    // (index.html, the favicon) is revalidated on each load.
    app.use(
      express.static(webDist, {
        index: false,
        setHeaders: (res, filePath) => {
          const hashed = path.relative(webDist, filePath).startsWith(`assets${path.sep}`);
          res.setHeader('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
      }),
    );
    // The SPA's own router handles every other GET.
    app.get(/.*/, (_req, res) => {
      res.setHeader('cache-control', 'no-cache');
      res.sendFile(path.join(webDist, 'index.html'));
    });
  }

  app.use(databaseUnavailableToProblems(deps.logger, deps.config.DATABASE_RETRY_AFTER_SECONDS));
  app.use(transportErrorsToProblems);
  app.use(problemErrorHandler(deps.logger));
  return { app, routes };
}
