import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../apps/api/test/test-app.ts';
import {
  CookieJar,
  formOf,
  startTestIdentityProvider,
  type TestIdentityProvider,
} from '../oidc/test-identity-provider.ts';

// Single sign-on against a real OpenID Provider (oidc-provider) on loopback: the console discovers
// it, runs the code flow with PKCE, checks the id token, maps the group claim to a role and keeps a
// session; sign-out ends both ends. Nothing in between is mocked.

let idp: TestIdentityProvider;
let t: TestApp;
let server: Server;
let api = '';

beforeAll(async () => {
  idp = await startTestIdentityProvider({
    people: {
      ada: { email: 'ada@example.test', name: 'Ada Admin', groups: ['staff', 'vpp-admins'] },
      max: { email: 'max@example.test', name: 'Max Manager', groups: ['vpp-managers'] },
      nia: { email: 'nia@example.test', name: 'Nia Nobody', groups: ['staff'] },
      bea: { email: 'bea@example.test', name: 'Bea Both', groups: ['vpp-managers', 'vpp-admins'] },
    },
    redirectUris: () => [`${api}/api/auth/oidc/callback`],
    postLogoutRedirectUris: () => [`${api}/login`],
  });
  t = await startTestApp({
    OIDC_ISSUER: idp.issuer,
    OIDC_CLIENT_ID: idp.clientId,
    OIDC_CLIENT_SECRET: idp.clientSecret,
    OIDC_ROLE_CLAIM: 'groups',
    OIDC_ROLE_MAP: 'vpp-admins=ADMIN, vpp-managers=MANAGER',
    OIDC_PROVIDER_NAME: 'Test IdP',
    OIDC_SCOPES: 'openid email profile groups',
  });
  server = t.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => {
    server?.close(resolve);
    server?.closeAllConnections();
  });
  await t?.close();
  await idp?.close();
});

/** Starts sign-in at the console, signs in at the provider as `login`, and stops at the console's callback. */
async function signInAtProvider(jar: CookieJar, login: string): Promise<string> {
  const started = await jar.fetch(`${api}/api/auth/oidc/login?returnTo=/tokens`);
  expect(started.status).toBe(302);
  const authorize = new URL(started.headers.get('location')!);
  expect(authorize.origin).toBe(idp.issuer);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorize.searchParams.get('nonce')).toBeTruthy();
  const toCallback = (url: string) => url.startsWith(`${api}/api/auth/oidc/callback`);
  let reached = await jar.follow(authorize.href, {}, toCallback);
  if (!toCallback(reached.url)) {
    // The provider's sign-in page (any password will do).
    const form = formOf(await reached.response.text(), reached.url);
    reached = await jar.follow(
      form.action,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...form.fields, login, password: 'any-password' }).toString(),
      },
      toCallback,
    );
  }
  expect(toCallback(reached.url)).toBe(true);
  return reached.url;
}

async function signIn(login: string) {
  const jar = new CookieJar();
  const callback = await signInAtProvider(jar, login);
  const landed = await jar.fetch(callback);
  return { jar, landed, location: landed.headers.get('location') };
}

describe('single sign-on (OIDC)', () => {
  it('tells the sign-in page about the provider', async () => {
    const response = await fetch(`${api}/api/auth/oidc/config`);
    expect(await response.json()).toEqual({ oidc: { providerName: 'Test IdP' }, passwordSignIn: true });
  });

  it('signs a person in with the role their group gives, creating their account just in time', async () => {
    const { jar, landed, location } = await signIn('ada');
    expect(landed.status).toBe(302);
    expect(location).toBe('/tokens');
    const me = await jar.fetch(`${api}/api/auth/me`);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      email: 'ada@example.test',
      displayName: 'Ada Admin',
      role: 'admin',
    });
    const account = await t.database.prisma.account.findUniqueOrThrow({
      where: { email: 'ada@example.test' },
    });
    expect(account.oidcSubject).toBe('ada');
    const audit = await t.database.prisma.auditEntry.findMany({ where: { actorId: account.id } });
    expect(audit.map((entry) => entry.action).sort()).toEqual(['account.create-sso', 'session.sign-in']);
    // An admin may do admin things with the session.
    const keys = await jar.fetch(`${api}/api/api-keys`);
    expect(keys.status).toBe(200);
  });

  it('gives a manager group the manager role, and the highest role when several groups map', async () => {
    const manager = await signIn('max');
    expect(await (await manager.jar.fetch(`${api}/api/auth/me`)).json()).toMatchObject({ role: 'manager' });
    expect((await manager.jar.fetch(`${api}/api/api-keys`)).status).toBe(403);
    const both = await signIn('bea');
    expect(await (await both.jar.fetch(`${api}/api/auth/me`)).json()).toMatchObject({ role: 'admin' });
  });

  it('refuses a person whose groups map to no role, with a code, and creates no account', async () => {
    const { jar, landed, location } = await signIn('nia');
    expect(landed.status).toBe(302);
    expect(location).toBe('/login?sso_error=OIDC_NO_ROLE');
    expect((await jar.fetch(`${api}/api/auth/me`)).status).toBe(401);
    expect(await t.database.prisma.account.count({ where: { email: 'nia@example.test' } })).toBe(0);
    const refused = await t.database.prisma.auditEntry.findFirst({
      where: { action: 'session.sign-in-refused' },
    });
    expect(refused?.summary).toContain('OIDC_NO_ROLE');
  });

  it('refuses an id token issued for another audience', async () => {
    idp.tamper('aud');
    try {
      const { jar, location } = await signIn('ada');
      expect(location).toBe('/login?sso_error=OIDC_FAILED');
      expect((await jar.fetch(`${api}/api/auth/me`)).status).toBe(401);
    } finally {
      idp.tamper(null);
    }
  });

  it('refuses an id token whose nonce is not the one this browser sent', async () => {
    idp.tamper('nonce');
    try {
      const { jar, location } = await signIn('ada');
      expect(location).toBe('/login?sso_error=OIDC_FAILED');
      expect((await jar.fetch(`${api}/api/auth/me`)).status).toBe(401);
    } finally {
      idp.tamper(null);
    }
  });

  it('refuses a callback without the state cookie, or with another sign-in’s state', async () => {
    const jar = new CookieJar();
    const callback = await signInAtProvider(jar, 'ada');
    // The code came back to a browser that never started this sign-in.
    const stranger = new CookieJar();
    const landed = await stranger.fetch(callback);
    expect(landed.headers.get('location')).toBe('/login?sso_error=OIDC_FAILED');
    // A second sign-in in the same browser replaces the state: the first callback no longer fits.
    const first = new CookieJar();
    const firstCallback = await signInAtProvider(first, 'ada');
    await first.fetch(`${api}/api/auth/oidc/login`);
    const stale = await first.fetch(firstCallback);
    expect(stale.headers.get('location')).toBe('/login?sso_error=OIDC_FAILED');
  });

  it('signs out at both ends', async () => {
    const { jar } = await signIn('ada');
    const out = await jar.fetch(`${api}/api/auth/oidc/logout`, { method: 'POST' });
    expect(out.status).toBe(200);
    const { redirectTo } = (await out.json()) as { redirectTo: string };
    expect(redirectTo.startsWith(`${idp.issuer}/`)).toBe(true);
    expect((await jar.fetch(`${api}/api/auth/me`)).status).toBe(401);
    // The provider asks to confirm, then sends the browser back to the console's sign-in page.
    const confirm = await jar.follow(redirectTo);
    const form = formOf(await confirm.response.text(), confirm.url);
    const back = await jar.follow(
      form.action,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...form.fields, logout: 'yes' }).toString(),
      },
      (url) => url.startsWith(api),
    );
    expect(back.url).toBe(`${api}/login`);
    // Signed out at the provider too: a new sign-in asks for the password again.
    const again = await jar.fetch(`${api}/api/auth/oidc/login`);
    const page = await jar.follow(again.headers.get('location')!, {}, (url) => url.startsWith(api));
    expect(page.url.startsWith(`${idp.issuer}/interaction/`)).toBe(true);
    expect(await page.response.text()).toContain('name="password"');
  });
});

describe('password sign-in switched off', () => {
  it('refuses passwords except for the break-glass admin', async () => {
    const closed = await startTestApp({
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: idp.clientId,
      OIDC_ROLE_MAP: 'vpp-admins=ADMIN',
      LOCAL_PASSWORDS: 'off',
      BREAK_GLASS_ADMIN_EMAIL: 'breakglass@example.test',
    });
    try {
      const { default: request } = await import('supertest');
      await closed.createAccount({ email: 'breakglass@example.test', role: 'ADMIN' });
      const other = await closed.createAccount({ role: 'ADMIN' });
      const refused = await request(closed.app)
        .post('/api/auth/login')
        .send({ email: other.email, password: 'correct-horse-battery' });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('PASSWORD_SIGN_IN_DISABLED');
      const breakGlass = await request(closed.app)
        .post('/api/auth/login')
        .send({ email: 'breakglass@example.test', password: 'correct-horse-battery' });
      expect(breakGlass.status).toBe(200);
      const methods = await request(closed.app).get('/api/auth/oidc/config');
      expect(methods.body).toEqual({ oidc: { providerName: 'SSO' }, passwordSignIn: false });
    } finally {
      await closed.close();
    }
  });
});
