import type { RequestContext } from '@vpp/core/request-context';

declare global {
  namespace Express {
    interface Request {
      ctx: RequestContext;
    }
  }
}
