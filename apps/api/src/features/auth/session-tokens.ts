import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';

export const SESSION_COOKIE = 'vpp_session';

export interface SessionClaims {
  accountId: string;
  /** The row in `sessions` this cookie stands for; deleting the row ends the session. */
  sessionId: string;
}

export interface SessionTokens {
  issue(claims: SessionClaims): Promise<string>;
  /** The claims of a valid, unexpired token; null for anything else. */
  verify(token: string): Promise<SessionClaims | null>;
  ttlSeconds: number;
}

export function createSessionTokens(secret: string, ttlHours: number): SessionTokens {
  const key = new TextEncoder().encode(secret);
  const ttlSeconds = ttlHours * 3600;
  return {
    ttlSeconds,
    issue: ({ accountId, sessionId }) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(accountId)
        .setJti(sessionId)
        .setIssuedAt()
        .setIssuer('vpp-console')
        .setAudience('vpp-console')
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key),
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          issuer: 'vpp-console',
          audience: 'vpp-console',
        });
        if (!isUuid(payload.sub) || !isUuid(payload.jti)) return null;
        return { accountId: payload.sub, sessionId: payload.jti };
      } catch (error) {
        if (error instanceof joseErrors.JOSEError) return null;
        throw error;
      }
    },
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
