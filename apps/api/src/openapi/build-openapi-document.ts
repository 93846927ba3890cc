import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { errorCatalog } from '@vpp/contracts/errors';
import { problemSchema } from '@vpp/contracts/problem';
import type { z } from 'zod';
import type { Route } from '../http/route-table.ts';

const securityByAccess: Record<Route['access'], Record<string, string[]>[]> = {
  public: [],
  signedIn: [{ sessionCookie: [] }, { apiKey: [] }],
  admin: [{ sessionCookie: [] }, { apiKey: [] }],
  mdm: [{ mdmBearer: [] }],
  metrics: [{ metricsBearer: [] }],
};

function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** A CSV import's body: the file as the multipart field `file`, or the whole body as text/csv. */
function csvRequestBody() {
  return {
    required: true,
    description: 'A UTF-8 CSV file with a header row (at most 50,000 rows and 10 MB).',
    content: {
      'multipart/form-data': {
        schema: {
          type: 'object' as const,
          required: ['file'],
          properties: { file: { type: 'string' as const, format: 'binary', description: 'The CSV file' } },
        },
      },
      'text/csv': { schema: { type: 'string' as const, description: 'The CSV file as the whole body' } },
    },
  };
}

function requestBody(route: Route) {
  if (route.bodyEncoding === 'csv') return csvRequestBody();
  const body = route.body as z.ZodType | undefined;
  if (!body) return undefined;
  const mediaType = route.bodyEncoding === 'multipart' ? 'multipart/form-data' : 'application/json';
  return { required: true, content: { [mediaType]: { schema: body } } };
}

function problemResponse(description: string) {
  return { description, content: { 'application/problem+json': { schema: problemSchema } } };
}

/** The OpenAPI document, generated from the same zod schemas the routes validate with. */
export function buildOpenApiDocument(routes: Route[], version: string) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'sessionCookie', {
    type: 'apiKey',
    in: 'cookie',
    name: 'vpp_session',
    description: 'Set by POST /api/auth/login.',
  });
  registry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'vpp_…',
    description:
      'An API key from POST /api/api-keys (Settings → API keys), sent as `Authorization: Bearer vpp_…`; it acts with its role.',
  });
  registry.registerComponent('securitySchemes', 'mdmBearer', { type: 'http', scheme: 'bearer' });
  registry.registerComponent('securitySchemes', 'metricsBearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'METRICS_TOKEN from the configuration.',
  });

  for (const route of routes) {
    const responses: RouteConfig['responses'] = {
      [route.success.status]: route.success.schema
        ? {
            description: route.success.description ?? 'Success',
            content: { [route.success.contentType ?? 'application/json']: { schema: route.success.schema } },
          }
        : { description: route.success.description ?? 'Success, no content' },
    };
    const documented = new Set<string>(route.errors ?? []);
    if (route.body || route.bodyEncoding || route.query || route.params) documented.add('VALIDATION_FAILED');
    if (route.access !== 'public') documented.add('UNAUTHENTICATED');
    if (route.access === 'admin') documented.add('FORBIDDEN');
    // Every API route asks the database (at least who is calling): 503 with Retry-After while it is away.
    if (route.path.startsWith('/api/') && route.path !== '/api/openapi.json')
      documented.add('DATABASE_UNAVAILABLE');
    for (const code of documented) {
      const entry = errorCatalog[code as keyof typeof errorCatalog];
      if (!entry) continue;
      const existing = responses[entry.status];
      const codes = existing && 'description' in existing ? `${existing.description}, ${code}` : code;
      responses[entry.status] = problemResponse(codes);
    }
    const body = requestBody(route);
    registry.registerPath({
      method: route.method,
      path: openApiPath(route.path),
      summary: route.summary,
      tags: [route.tag],
      security: securityByAccess[route.access],
      request: {
        ...(route.params ? { params: route.params as z.ZodObject } : {}),
        ...(route.query ? { query: route.query as z.ZodObject } : {}),
        ...(body ? { body } : {}),
      },
      responses,
    });
  }

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'VPP Console API',
      version,
      description:
        'Manage Apple Volume Purchase Program tokens, store-app licenses and deployments. Errors are RFC 9457 ' +
        'problem details with a stable `code`.',
    },
    servers: [{ url: '/' }],
  });
}
