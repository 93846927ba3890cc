import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './test-app.ts';

// Every route × {anonymous, manager, admin}. The matrix is data: a route added to the API without a
// row here fails the first test, so nobody ships an endpoint whose access was never decided.
type Outcome = 'allowed' | 401 | 403;
const PUBLIC = { anonymous: 'allowed', manager: 'allowed', admin: 'allowed' } as const;
const SIGNED_IN = { anonymous: 401, manager: 'allowed', admin: 'allowed' } as const;
const ADMIN_ONLY = { anonymous: 401, manager: 403, admin: 'allowed' } as const;

const matrix: Record<string, { anonymous: Outcome; manager: Outcome; admin: Outcome }> = {
  'GET /healthz': PUBLIC,
  'GET /readyz': PUBLIC,
  // Without METRICS_TOKEN, loopback callers only (these requests come over loopback).
  'GET /metrics': PUBLIC,
  'GET /api/openapi.json': PUBLIC,
  'POST /api/auth/login': PUBLIC,
  'POST /api/auth/logout': SIGNED_IN,
  'GET /api/auth/me': SIGNED_IN,
  'PATCH /api/auth/me': SIGNED_IN,
  'GET /api/users-admin': ADMIN_ONLY,
  'POST /api/users-admin': ADMIN_ONLY,
  'PATCH /api/users-admin/:id': ADMIN_ONLY,
  'DELETE /api/users-admin/:id': ADMIN_ONLY,
  'GET /api/users-admin/:id/sessions': ADMIN_ONLY,
  'DELETE /api/users-admin/:id/sessions': ADMIN_ONLY,
  'DELETE /api/users-admin/:id/sessions/:sessionId': ADMIN_ONLY,
  'GET /api/audit-log': ADMIN_ONLY,
  'GET /api/tokens': SIGNED_IN,
  'POST /api/tokens': ADMIN_ONLY,
  'GET /api/tokens/:id': SIGNED_IN,
  'PATCH /api/tokens/:id': ADMIN_ONLY,
  'GET /api/tokens/:id/deletion-preview': ADMIN_ONLY,
  'DELETE /api/tokens/:id': ADMIN_ONLY,
  'POST /api/tokens/:id/sync': ADMIN_ONLY,
  'GET /api/sync-runs': SIGNED_IN,
  'GET /api/sync-runs/:id': SIGNED_IN,
  'GET /api/sync-runs/:id/changes': SIGNED_IN,
  'GET /api/categories': SIGNED_IN,
  'GET /api/sync-health': SIGNED_IN,
  'GET /api/store-apps': SIGNED_IN,
  'GET /api/store-apps/:id': SIGNED_IN,
  'POST /api/store-apps/:id/applications': ADMIN_ONLY,
  'GET /api/applications': SIGNED_IN,
  'GET /api/applications/:id': SIGNED_IN,
  'POST /api/deployments/preview': ADMIN_ONLY,
  'POST /api/deployments': ADMIN_ONLY,
  'GET /api/deployments/:id': SIGNED_IN,
  'PATCH /api/deployments/:id': ADMIN_ONLY,
  'DELETE /api/deployments/:id': ADMIN_ONLY,
  'GET /api/apns-certificate': SIGNED_IN,
  'PUT /api/apns-certificate': ADMIN_ONLY,
  'POST /api/mdm/events': { anonymous: 401, manager: 401, admin: 401 },
  // NanoMDM's HMAC signature of the body, never a console session.
  'POST /api/mdm/nanomdm/webhook': { anonymous: 401, manager: 401, admin: 401 },
  'GET /api/reports/license-counts': SIGNED_IN,
  'GET /api/dashboard': SIGNED_IN,
  'GET /api/settings': SIGNED_IN,
  'PATCH /api/settings': ADMIN_ONLY,
  'GET /api/settings/check-out-licenses': SIGNED_IN,
  'PUT /api/settings/check-out-licenses': ADMIN_ONLY,
  'GET /api/settings/device-management': ADMIN_ONLY,
  'PUT /api/settings/device-management': ADMIN_ONLY,
  'DELETE /api/settings/device-management': ADMIN_ONLY,
  'POST /api/settings/device-management/test': ADMIN_ONLY,
  'GET /api/license-returns': SIGNED_IN,
  'GET /api/license-returns/summary': SIGNED_IN,
  'GET /api/license-returns/suggestions': SIGNED_IN,
  'POST /api/license-returns/suggestions/:deviceId/release': ADMIN_ONLY,
  // Apple's own bearer secret per token, never a console session.
  'POST /api/apple/notifications/:tokenId': { anonymous: 401, manager: 401, admin: 401 },
  'GET /api/devices': SIGNED_IN,
  'POST /api/devices': ADMIN_ONLY,
  'POST /api/devices/import': ADMIN_ONLY,
  'GET /api/devices/:id': SIGNED_IN,
  'GET /api/devices/:id/holdings': SIGNED_IN,
  'PATCH /api/devices/:id': ADMIN_ONLY,
  'DELETE /api/devices/:id': ADMIN_ONLY,
  'GET /api/people': SIGNED_IN,
  'POST /api/people': ADMIN_ONLY,
  'POST /api/people/import': ADMIN_ONLY,
  'GET /api/people/:id': SIGNED_IN,
  'GET /api/people/:id/holdings': SIGNED_IN,
  'PATCH /api/people/:id': ADMIN_ONLY,
  'DELETE /api/people/:id': ADMIN_ONLY,
  'GET /api/collections': SIGNED_IN,
  'POST /api/collections': ADMIN_ONLY,
  'GET /api/collections/:id': SIGNED_IN,
  'PATCH /api/collections/:id': ADMIN_ONLY,
  'DELETE /api/collections/:id': ADMIN_ONLY,
  'GET /api/collections/:id/members': SIGNED_IN,
  'PUT /api/collections/:id/members': ADMIN_ONLY,
  'POST /api/collections/:id/members': ADMIN_ONLY,
  'POST /api/collections/:id/members/remove': ADMIN_ONLY,
  'POST /api/collections/:id/members/import': ADMIN_ONLY,
  'GET /api/store-apps/:id/history': SIGNED_IN,
  'GET /api/license-intelligence/settings': SIGNED_IN,
  'PATCH /api/license-intelligence/settings': ADMIN_ONLY,
  'GET /api/alert-channels': SIGNED_IN,
  'POST /api/alert-channels': ADMIN_ONLY,
  'GET /api/alert-channels/:id': SIGNED_IN,
  'PATCH /api/alert-channels/:id': ADMIN_ONLY,
  'DELETE /api/alert-channels/:id': ADMIN_ONLY,
  'POST /api/alert-channels/:id/test': ADMIN_ONLY,
  'GET /api/alert-channels/:id/deliveries': SIGNED_IN,
  'GET /api/alert-rules': SIGNED_IN,
  'POST /api/alert-rules': ADMIN_ONLY,
  'GET /api/alert-rules/:id': SIGNED_IN,
  'PATCH /api/alert-rules/:id': ADMIN_ONLY,
  'DELETE /api/alert-rules/:id': ADMIN_ONLY,
  'GET /api/store-apps/:id/price': SIGNED_IN,
  'PUT /api/store-apps/:id/price': ADMIN_ONLY,
  'POST /api/store-apps/prices/import': ADMIN_ONLY,
  'GET /api/reclaim/candidates': SIGNED_IN,
  'POST /api/reclaim': ADMIN_ONLY,
  'GET /api/reclaims': SIGNED_IN,
  'GET /api/reclaims/:id': SIGNED_IN,
  'POST /api/reclaims/:id/undo': ADMIN_ONLY,
  'GET /api/reclaim/schedule': SIGNED_IN,
  'PUT /api/reclaim/schedule': ADMIN_ONLY,
  'GET /api/alerts/active': SIGNED_IN,
  'GET /api/auth/oidc/config': PUBLIC,
  'GET /api/auth/oidc/login': PUBLIC,
  'GET /api/auth/oidc/callback': PUBLIC,
  'POST /api/auth/oidc/logout': SIGNED_IN,
  'GET /api/api-keys': ADMIN_ONLY,
  'POST /api/api-keys': ADMIN_ONLY,
  'DELETE /api/api-keys/:id': ADMIN_ONLY,
};

let t: TestApp;
let agents: Record<'anonymous' | 'manager' | 'admin', ReturnType<typeof request.agent>>;

beforeAll(async () => {
  t = await startTestApp();
  agents = {
    anonymous: request.agent(t.app),
    manager: await t.signedInAgent('manager'),
    admin: await t.signedInAgent('admin'),
  };
});
afterAll(() => t.close());

const routeKey = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

describe('authorisation matrix', () => {
  it('has exactly one row for every route of the API', () => {
    const routeKeys = t.routes.map((route) => routeKey(route.method, route.path)).sort();
    expect(routeKeys).toEqual(Object.keys(matrix).sort());
  });

  for (const [key, expected] of Object.entries(matrix)) {
    for (const role of ['anonymous', 'manager', 'admin'] as const) {
      it(`${key} as ${role} → ${expected[role]}`, async () => {
        const [method, path] = key.split(' ') as [string, string];
        // A well-formed id that matches nothing: access is decided before the lookup.
        const url = path.replace(/:[A-Za-z]+/g, '00000000-0000-7000-8000-000000000000');
        // Sign-out would end the shared session: exercise it with a throwaway agent of that role.
        const agent =
          (key === 'POST /api/auth/logout' || key === 'POST /api/auth/oidc/logout') && role !== 'anonymous'
            ? await t.signedInAgent(role)
            : agents[role];
        const response = await agent[method.toLowerCase() as 'get'](url).send({});
        if (expected[role] === 'allowed') {
          expect([401, 403]).not.toContain(response.status);
          expect(response.status).toBeLessThan(500);
        } else {
          expect(response.status).toBe(expected[role]);
          expect(response.body.code).toBe(expected[role] === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN');
        }
      });
    }
  }
});
