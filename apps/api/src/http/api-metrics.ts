import type { RequestHandler } from 'express';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface ApiMetrics {
  registry: Registry;
  middleware: RequestHandler;
  /** Called at scrape time for gauges read from the database (queue depth). */
  onScrape(collector: () => Promise<void>): void;
  queueDepth: Gauge<'state'>;
  /** Reads what the deployment reconciler fixed, by kind, across all workers (at scrape time). */
  readReconcilerFixes?: () => Promise<{ kind: string; count: number }[]>;
}

/** One registry per app instance, so tests can build several apps in one process. */
export function createApiMetrics(): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'vpp_api_' });
  const requests = new Counter({
    name: 'vpp_http_requests_total',
    help: 'HTTP requests by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'vpp_http_request_duration_seconds',
    help: 'HTTP request latency by method and route template',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const collectors: (() => Promise<void>)[] = [];
  const queueDepth = new Gauge({
    name: 'vpp_job_queue_depth',
    help: 'Background jobs by state',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      await Promise.all(collectors.map((collector) => collector()));
    },
  });
  const middleware: RequestHandler = (req, res, next) => {
    const stop = duration.startTimer();
    res.on('finish', () => {
      // The route template, not the URL, keeps label cardinality bounded.
      const route = req.route?.path ? `${req.baseUrl}${req.route.path}` : 'unmatched';
      requests.inc({ method: req.method, route, status: String(res.statusCode) });
      stop({ method: req.method, route });
    });
    next();
  };
  const metrics: ApiMetrics = {
    registry,
    middleware,
    queueDepth,
    onScrape: (collector) => collectors.push(collector),
  };
  new Gauge({
    name: 'vpp_deployment_reconciler_fixes_total',
    help: 'What the deployment reconciler fixed since the installation began, by kind (docs/deployments.md)',
    labelNames: ['kind'] as const,
    registers: [registry],
    // Its own read at scrape time: prom-client collects every metric at once.
    async collect() {
      const fixes = (await metrics.readReconcilerFixes?.().catch(() => [])) ?? [];
      for (const { kind, count } of fixes) this.set({ kind }, count);
    },
  });
  return metrics;
}
