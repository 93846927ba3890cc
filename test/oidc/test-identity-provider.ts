import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt, importJWK, SignJWT } from 'jose';
import Provider, { type Configuration } from 'oidc-provider';

// A real OpenID Provider (the certified `oidc-provider` package) on an ephemeral loopback port, for
// the single sign-on tests and the browser test's server. Its dev sign-in page accepts any password;
// the login name picks one of `people` (whose claims carry their groups). `tamper` makes the token
// endpoint hand out an id token re-signed with the provider's own key but a wrong audience or nonce,
// as a misconfigured or malicious provider (or a token replayed from another client) would.

export interface TestPerson {
  email: string;
  name: string;
  groups: string[];
  emailVerified?: boolean;
}

export interface TestIdentityProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Makes the next id tokens carry a wrong `aud` or `nonce` (null: honest again). */
  tamper(kind: 'aud' | 'nonce' | null): void;
  close(): Promise<void>;
}

export async function startTestIdentityProvider(options: {
  /** Login name → person. */
  people: Record<string, TestPerson>;
  /** Read when the first request arrives, so the console may start listening after the provider. */
  redirectUris: () => string[];
  postLogoutRedirectUris: () => string[];
  clientId?: string;
  clientSecret?: string;
}): Promise<TestIdentityProvider> {
  const clientId = options.clientId ?? 'vpp-console';
  const clientSecret = options.clientSecret ?? 'test-client-secret-0123456789abcdef';
  let handler: http.RequestListener = (_req, res) => res.writeHead(503).end();
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const signingKey = await importJWK(jwk, 'RS256');
  let tampering: 'aud' | 'nonce' | null = null;

  const configuration = (): Configuration => ({
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris(),
        post_logout_redirect_uris: options.postLogoutRedirectUris(),
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [jwk as never] },
    cookies: { keys: ['test-identity-provider-cookie-key'] },
    pkce: { required: () => true },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
      groups: ['groups'],
    },
    scopes: ['openid', 'email', 'profile', 'groups'],
    // Claims go into the id token itself, as most providers' group claims do.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    // A first-party client: no consent screen.
    async loadExistingGrant(ctx) {
      const grantId =
        ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client!.clientId,
        accountId: ctx.oidc.session!.accountId,
      });
      grant.addOIDCScope('openid email profile groups');
      grant.addOIDCClaims(['email', 'email_verified', 'name', 'groups']);
      await grant.save();
      return grant;
    },
    async findAccount(_ctx, sub) {
      const person = options.people[sub];
      if (!person) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          email: person.email,
          email_verified: person.emailVerified ?? true,
          name: person.name,
          groups: person.groups,
        }),
      };
    },
  });
  const build = (): http.RequestListener => {
    const provider = new Provider(issuer, configuration());
    provider.use(async (ctx, next) => {
      await next();
      if (ctx.path !== '/token' || !tampering || ctx.status !== 200) return;
      const body = ctx.body as { id_token?: string };
      if (!body?.id_token) return;
      const claims = decodeJwt(body.id_token);
      if (tampering === 'aud') claims.aud = 'another-client';
      else claims.nonce = 'a-nonce-this-browser-never-sent';
      body.id_token = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'test-key', typ: 'JWT' })
        .sign(signingKey);
      ctx.body = body;
    });
    return provider.callback();
  };
  let built: http.RequestListener | undefined;
  handler = (req, res) => {
    built ??= build();
    built(req, res);
  };

  return {
    issuer,
    clientId,
    clientSecret,
    tamper(kind) {
      tampering = kind;
    },
    async close() {
      await new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      });
    },
  };
}

/** A tiny cookie jar for driving the provider's HTML pages with fetch, as a browser would. */
export class CookieJar {
  private readonly cookies = new Map<string, Map<string, string>>();

  store(url: string, response: Response): void {
    const host = new URL(url).host;
    const jar = this.cookies.get(host) ?? new Map<string, string>();
    for (const header of response.headers.getSetCookie()) {
      const [pair = ''] = header.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (/max-age=0|expires=Thu, 01 Jan 1970/i.test(header) || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    this.cookies.set(host, jar);
  }

  header(url: string): string {
    const jar = this.cookies.get(new URL(url).host);
    return jar ? [...jar].map(([name, value]) => `${name}=${value}`).join('; ') : '';
  }

  get(url: string, name: string): string | undefined {
    return this.cookies.get(new URL(url).host)?.get(name);
  }

  set(url: string, name: string, value: string): void {
    const host = new URL(url).host;
    const jar = this.cookies.get(host) ?? new Map<string, string>();
    jar.set(name, value);
    this.cookies.set(host, jar);
  }

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const cookie = this.header(url);
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.store(url, response);
    return response;
  }

  /** Follows redirects (303/302: GET) until `stop` says so or a page answers; returns the last response. */
  async follow(
    url: string,
    init: RequestInit = {},
    stop: (url: string) => boolean = () => false,
  ): Promise<{ url: string; response: Response }> {
    let current = url;
    let response = await this.fetch(current, init);
    for (let hops = 0; hops < 20; hops += 1) {
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) break;
      current = new URL(location, current).href;
      if (stop(current)) break;
      response = await this.fetch(current);
    }
    return { url: current, response };
  }
}

/** The `action` of the page's first form and its hidden inputs. */
export function formOf(html: string, pageUrl: string): { action: string; fields: Record<string, string> } {
  const action = html.match(/<form[^>]*action="([^"]+)"/)?.[1];
  if (!action) throw new Error(`no form on ${pageUrl}: ${html.slice(0, 300)}`);
  const fields: Record<string, string> = {};
  for (const input of html.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
    const name = input[0].match(/name="([^"]+)"/)?.[1];
    const value = input[0].match(/value="([^"]*)"/)?.[1];
    if (name) fields[name] = value ?? '';
  }
  return { action: new URL(action.replace(/&amp;/g, '&'), pageUrl).href, fields };
}
