import type { NextFunction, Request, Response } from 'express';

/** One call the emulator received. Never holds the token or any header. */
export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, unknown>;
  time: string;
  status: number;
  durationMs: number;
  locationId: string | undefined;
}

/** A bounded log of calls to Apple's surface, for tests (`GET /_emulator/requests`). */
export class RequestLog {
  private entries: LoggedRequest[] = [];

  constructor(private readonly capacity: number) {}

  add(entry: LoggedRequest): void {
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  list(filter: { locationId?: string; path?: string; limit?: number } = {}): LoggedRequest[] {
    const matching = this.entries.filter(
      (entry) =>
        (filter.locationId === undefined || entry.locationId === filter.locationId) &&
        (filter.path === undefined || entry.path === filter.path),
    );
    return filter.limit === undefined ? matching : matching.slice(-filter.limit);
  }

  clear(): void {
    this.entries = [];
  }
}

export function logRequests(log: RequestLog, now: () => Date) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = performance.now();
    const time = now().toISOString();
    // Read now: routers rewrite req.url while they handle the request.
    const path = req.path;
    const query = { ...(req.query as Record<string, unknown>) };
    res.on('finish', () => {
      const locationId: unknown = res.locals.locationId;
      log.add({
        method: req.method,
        path,
        query,
        time,
        status: res.statusCode,
        durationMs: Math.round((performance.now() - started) * 100) / 100,
        locationId: typeof locationId === 'string' ? locationId : undefined,
      });
    });
    next();
  };
}
