import { AppError } from '@vpp/contracts/errors';
import type { Request, RequestHandler } from 'express';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request forgery protection for the cookie session: a request that changes something
 * must come from the console's own origin, or carry an `Authorization: Bearer` header (which a page
 * on another site cannot add without a CORS preflight, and this API answers none).
 *
 * The browser says where a request comes from: `Origin` first; without it `Sec-Fetch-Site`; without
 * that `Referer`. A request with none of the three is not from a browser (curl, a script, Apple's or
 * the MDM's servers), so no browser can be tricked into it, and it passes. "Own origin" is the host
 * the request was sent to (the `Host` header, scheme aside, as a TLS-terminating proxy may change
 * it) or PUBLIC_URL's origin. Another port or a sibling subdomain is another origin: SameSite cookies
 * alone would let those through.
 */
export function sameOriginWrites(options: { publicUrl: string | undefined }): RequestHandler {
  const publicOrigin = options.publicUrl ? new URL(options.publicUrl).origin : undefined;

  const isOwn = (url: string, req: Request): boolean => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return false;
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
    if (publicOrigin && parsed.origin === publicOrigin) return true;
    const host = req.headers.host;
    return host !== undefined && parsed.host === host.toLowerCase();
  };

  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    if (/^Bearer\s/i.test(req.get('authorization') ?? '')) return next();
    const origin = req.get('origin');
    if (origin !== undefined) {
      if (isOwn(origin, req)) return next();
      throw refused(`Requests from ${origin.slice(0, 200)} may not change anything here.`);
    }
    const site = req.get('sec-fetch-site');
    if (site !== undefined) {
      if (site === 'same-origin' || site === 'none') return next();
      throw refused(`A ${site.slice(0, 50)} request may not change anything here.`);
    }
    const referer = req.get('referer');
    if (referer !== undefined && !isOwn(referer, req)) {
      throw refused('Requests from another site may not change anything here.');
    }
    next();
  };
}

function refused(detail: string): AppError {
  return new AppError('CROSS_ORIGIN_REQUEST', detail);
}
