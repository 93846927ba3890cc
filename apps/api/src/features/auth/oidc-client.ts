import { createHash } from 'node:crypto';
import type { OidcSettings } from '@vpp/config/config';
import { AppError } from '@vpp/contracts/errors';
import type { OidcIdentity } from '@vpp/core/auth/oidc-accounts';
import { EncryptJWT, errors as joseErrors, jwtDecrypt } from 'jose';
import * as oidc from 'openid-client';

// The protocol side of single sign-on, all of it openid-client's: discovery from the issuer, the
// authorization code flow with PKCE (S256), state and nonce, and the id token's signature, issuer,
// audience, expiry and nonce checks. What we keep between the two legs (state, nonce, PKCE verifier,
// where to return) travels in a short-lived cookie, encrypted with a key derived from SESSION_SECRET.

export const OIDC_STATE_COOKIE = 'vpp_oidc';
export const OIDC_STATE_TTL_SECONDS = 600;

export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
}

export interface OidcClient {
  settings: OidcSettings;
  /** Where to send the browser, and what to keep in the state cookie until it comes back. */
  start(redirectUri: string, returnTo: string): Promise<{ url: string; cookie: string }>;
  /** Redeems the code of the callback; refuses a wrong state, nonce, audience, issuer or signature. */
  finish(callbackUrl: URL, cookie: string | undefined): Promise<{ identity: OidcIdentity; returnTo: string }>;
  /** The provider's end-session URL, or null when it advertises none. */
  endSessionUrl(postLogoutRedirectUri: string): Promise<string | null>;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function createOidcClient(settings: OidcSettings, sessionSecret: string): OidcClient {
  const stateKey = createHash('sha256').update(`oidc-state:${sessionSecret}`).digest();
  let discovered: Promise<oidc.Configuration> | undefined;

  const configuration = (): Promise<oidc.Configuration> => {
    discovered ??= (async () => {
      const issuer = new URL(settings.issuer);
      // Plain http only for a provider on this machine (tests, a local try-out); never across a network.
      const insecure = issuer.protocol === 'http:' && LOOPBACK_HOSTS.has(issuer.hostname);
      return oidc.discovery(
        issuer,
        settings.clientId,
        undefined,
        settings.clientSecret ? oidc.ClientSecretBasic(settings.clientSecret) : oidc.None(),
        insecure ? { execute: [oidc.allowInsecureRequests], timeout: 10 } : { timeout: 10 },
      );
    })().catch((error: unknown) => {
      discovered = undefined; // try again on the next sign-in
      throw new AppError('IDENTITY_PROVIDER_UNAVAILABLE', 'The identity provider could not be reached.', {
        cause: error,
      });
    });
    return discovered;
  };

  const seal = (pending: PendingSignIn) =>
    new EncryptJWT({ ...pending })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setIssuedAt()
      .setExpirationTime(`${OIDC_STATE_TTL_SECONDS}s`)
      .encrypt(stateKey);

  const unseal = async (cookie: string | undefined): Promise<PendingSignIn> => {
    if (!cookie)
      throw new AppError('OIDC_FAILED', 'The sign-in took too long or was started in another browser.');
    try {
      const { payload } = await jwtDecrypt(cookie, stateKey);
      const { state, nonce, codeVerifier, returnTo } = payload as Partial<PendingSignIn>;
      if (!state || !nonce || !codeVerifier || typeof returnTo !== 'string') throw new Error('incomplete');
      return { state, nonce, codeVerifier, returnTo };
    } catch (error) {
      if (error instanceof joseErrors.JOSEError || error instanceof Error) {
        throw new AppError(
          'OIDC_FAILED',
          'The sign-in could not be matched to this browser. Start it again.',
        );
      }
      throw error;
    }
  };

  return {
    settings,
    async start(redirectUri, returnTo) {
      const config = await configuration();
      const pending: PendingSignIn = {
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        codeVerifier: oidc.randomPKCECodeVerifier(),
        returnTo,
      };
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: settings.scopes,
        response_type: 'code',
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
        code_challenge_method: 'S256',
        state: pending.state,
        nonce: pending.nonce,
      });
      return { url: url.href, cookie: await seal(pending) };
    },
    async finish(callbackUrl, cookie) {
      const pending = await unseal(cookie);
      const config = await configuration();
      let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
      try {
        tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: pending.codeVerifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
      } catch (error) {
        throw refusal(error);
      }
      const idClaims = tokens.claims();
      if (!idClaims) throw new AppError('OIDC_FAILED', 'The identity provider sent no id token.');
      let claims: Record<string, unknown> = { ...idClaims };
      const needsUserInfo = claims.email === undefined || claims[settings.roleClaim] === undefined;
      if (needsUserInfo && config.serverMetadata().userinfo_endpoint) {
        try {
          const userInfo = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
          claims = { ...userInfo, ...claims };
          for (const key of ['email', 'email_verified', 'name', settings.roleClaim]) {
            if (claims[key] === undefined && userInfo[key] !== undefined) claims[key] = userInfo[key];
          }
        } catch (error) {
          throw refusal(error);
        }
      }
      return {
        returnTo: pending.returnTo,
        identity: {
          issuer: String(idClaims.iss),
          subject: idClaims.sub,
          email: typeof claims.email === 'string' ? claims.email : undefined,
          emailVerified: claims.email_verified === true,
          name: typeof claims.name === 'string' ? claims.name : undefined,
          roleClaim: claims[settings.roleClaim],
        },
      };
    },
    async endSessionUrl(postLogoutRedirectUri) {
      const config = await configuration();
      if (!config.serverMetadata().end_session_endpoint) return null;
      return oidc
        .buildEndSessionUrl(config, {
          client_id: settings.clientId,
          post_logout_redirect_uri: postLogoutRedirectUri,
        })
        .toString();
    },
  };
}

/** openid-client's refusal (wrong state, nonce, audience, issuer, signature; a denied code) as our code. */
function refusal(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const cause = error as { code?: string; error?: string; message?: string };
  const networkFailure = cause.code === 'OAUTH_TIMEOUT' || error instanceof TypeError;
  if (networkFailure) {
    return new AppError('IDENTITY_PROVIDER_UNAVAILABLE', 'The identity provider did not answer.', {
      cause: error,
    });
  }
  return new AppError('OIDC_FAILED', 'The identity provider’s answer could not be accepted.', {
    cause: error,
    extensions: { reason: cause.code ?? cause.error ?? 'refused' },
  });
}
