import { createHash, timingSafeEqual } from 'node:crypto';
import { AppError } from '@vpp/contracts/errors';
import type { RequestContext } from '@vpp/core/request-context';
import type { Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import { refuseUnsafeText } from './input-hygiene.ts';
import { type BodyFormats, bodyReader, DEFAULT_JSON_LIMIT_BYTES } from './request-body.ts';

/**
 * Who may call a route. Managers may read everything but secrets; only admins change things.
 * `mdm` and `metrics` callers show a bearer secret from the configuration.
 */
export type Access = 'public' | 'signedIn' | 'admin' | 'mdm' | 'metrics';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  ctx: RequestContext;
  req: Request;
  res: Response;
}

type Schema = z.ZodType;
export type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteSpec<
  PS extends Schema | undefined,
  QS extends Schema | undefined,
  BS extends Schema | undefined,
> {
  method: HttpMethod;
  /** Express path syntax (`/api/users-admin/:id`). */
  path: string;
  access: Access;
  summary: string;
  tag: string;
  params?: PS;
  query?: QS;
  body?: BS;
  /** How the body arrives, for the OpenAPI document; 'csv' is a CSV file (multipart `file` or text/csv). */
  bodyEncoding?: 'json' | 'multipart' | 'csv';
  /**
   * The bodies the route reads and their size limits, read after the caller is authorised. Default:
   * JSON up to 256 kB when the route has a `body` schema; a route with neither reads no body.
   */
  accepts?: BodyFormats;
  success: { status: number; schema?: Schema; description?: string; contentType?: string };
  /** Error codes this route documents besides the generic ones. */
  errors?: string[];
  handler: (input: RouteInput<Out<PS>, Out<QS>, Out<BS>>) => Promise<unknown> | unknown;
}

export type Route = RouteSpec<Schema | undefined, Schema | undefined, Schema | undefined>;

export function defineRoute<
  PS extends Schema | undefined = undefined,
  QS extends Schema | undefined = undefined,
  BS extends Schema | undefined = undefined,
>(spec: RouteSpec<PS, QS, BS>): Route {
  return spec as unknown as Route;
}

function parseOrFail(schema: Schema | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  throw new AppError('VALIDATION_FAILED', `The ${where} is not valid.`, {
    errors: result.error.issues.map((issue) => ({
      path: [where, ...issue.path.map(String)].join('.'),
      message: issue.message,
    })),
  });
}

export interface AccessChecks {
  mdmSecret: string | undefined;
  /** Bearer for /metrics; without one only loopback callers may scrape (local mode). */
  metricsToken: string | undefined;
}

function bearer(req: Request): string | undefined {
  return req.get('authorization')?.match(/^Bearer\s+(.+)$/i)?.[1];
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

function authorise(route: Route, ctx: RequestContext, req: Request, checks: AccessChecks): void {
  switch (route.access) {
    case 'public':
      return;
    case 'mdm': {
      const expected = checks.mdmSecret;
      const given = bearer(req);
      if (!expected || !given || !timingSafeEqualText(given, expected)) {
        throw new AppError('UNAUTHENTICATED', 'A valid MDM bearer secret is required.');
      }
      return;
    }
    case 'metrics': {
      const expected = checks.metricsToken;
      if (!expected) {
        // The socket's own address, never a forwarded one: a proxy in front must not open this.
        if (isLoopback(req.socket.remoteAddress)) return;
        throw new AppError('UNAUTHENTICATED', 'Set METRICS_TOKEN and send it as a bearer token.');
      }
      const given = bearer(req);
      if (!given || !timingSafeEqualText(given, expected)) {
        throw new AppError('UNAUTHENTICATED', 'Send the metrics bearer token.');
      }
      return;
    }
    case 'signedIn':
    case 'admin':
      if (!ctx.actor) throw new AppError('UNAUTHENTICATED', 'Sign in to use this.');
      if (route.access === 'admin' && ctx.actor.role !== 'admin') {
        throw new AppError('FORBIDDEN', 'Only an admin may do this.');
      }
      return;
  }
}

/** Compares digests, so neither the content nor the length of the secret shows in the timing. */
function timingSafeEqualText(a: string, b: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * Mounts the routes: authorise, then read the body (so nobody unauthorised gets a byte of it read),
 * validate, call the handler, serialise through the response schema.
 */
export function mountRoutes(router: Router, routes: Route[], checks: AccessChecks): void {
  for (const route of routes) {
    const formats =
      route.accepts ?? (route.body ? { json: { limitBytes: DEFAULT_JSON_LIMIT_BYTES } } : undefined);
    const readBody = formats ? bodyReader(formats) : undefined;
    const handle: RequestHandler = async (req, res) => {
      const ctx = req.ctx;
      authorise(route, ctx, req, checks);
      if (readBody) await readBody(req, res);
      refuseUnsafeText(req);
      const params = parseOrFail(route.params, req.params, 'path');
      const query = parseOrFail(route.query, req.query, 'query');
      const body = parseOrFail(route.body, req.body, 'body');
      const result = await route.handler({ params, query, body, ctx, req, res });
      if (res.headersSent) return;
      const { status, schema } = route.success;
      if (status === 204 || !schema) {
        res.status(status).end();
        return;
      }
      // Serialising through the schema drops anything not in the contract. A mismatch is our bug, not
      // the caller's: it must not look like a validation error of the request.
      const serialised = schema.safeParse(result);
      if (!serialised.success) {
        throw new AppError('INTERNAL', 'The response did not match its contract.', {
          cause: serialised.error,
        });
      }
      res.status(status).json(serialised.data);
    };
    router[route.method](route.path, handle);
  }
}

/** `/api/users-admin/:id` → `^/api/users-admin/[^/]+$`, to tell a wrong method from an unknown path. */
export function pathMatcher(path: string): RegExp {
  const pattern = path
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${pattern}/?$`);
}
