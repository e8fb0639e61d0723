import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { RequestObservation } from '@kindred/adapters-http';
import { StartupError } from './startup-error.js';

/** What the metrics read at scrape time, from the parts that keep the numbers. */
export interface MetricSources {
  readonly pool: () => { inUse: number; idle: number; waiting: number };
  readonly mail: () => Promise<{ waiting: number; oldestSeconds: number }>;
  readonly sockets: () => { sockets: number; framesDelivered: number };
  readonly rateLimitRefusals: () => ReadonlyMap<string, number>;
  readonly eventBusReconnects: () => number;
}

/**
 * Prometheus metrics (prom-client): requests by route template and status
 * with latency histograms, server errors, the database pool, the mail
 * backlog, sockets and frames, rate-limit refusals, event-bus reconnects,
 * and Node's own (event loop lag, heap, GC). Everything but the requests is
 * read from its source when scraped.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'kindred_http_requests_total',
    help: 'HTTP requests answered, by route template, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'kindred_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route template, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly serverErrors = new Counter({
    name: 'kindred_http_server_errors_total',
    help: 'HTTP answers with a 5xx status',
    registers: [this.registry],
  });

  constructor(sources: MetricSources) {
    collectDefaultMetrics({ register: this.registry, prefix: 'kindred_' });
    const registers = [this.registry];
    new Gauge({
      name: 'kindred_db_pool_connections',
      help: 'Database connections of the pool, by state (in_use, idle)',
      labelNames: ['state'] as const,
      registers,
      collect() {
        const pool = sources.pool();
        this.set({ state: 'in_use' }, pool.inUse);
        this.set({ state: 'idle' }, pool.idle);
      },
    });
    new Gauge({
      name: 'kindred_db_pool_waiting',
      help: 'Queries waiting for a database connection',
      registers,
      collect() {
        this.set(sources.pool().waiting);
      },
    });
    new Gauge({
      name: 'kindred_mail_jobs_queued',
      help: 'Mail requests waiting to be delivered (retries included)',
      registers,
      async collect() {
        this.set((await sources.mail()).waiting);
      },
    });
    new Gauge({
      name: 'kindred_mail_oldest_job_age_seconds',
      help: 'How long the oldest waiting mail request has waited',
      registers,
      async collect() {
        this.set((await sources.mail()).oldestSeconds);
      },
    });
    new Gauge({
      name: 'kindred_ws_sockets_open',
      help: 'WebSockets open on this node',
      registers,
      collect() {
        this.set(sources.sockets().sockets);
      },
    });
    new Counter({
      name: 'kindred_ws_frames_delivered_total',
      help: 'Frames written to the sockets of this node',
      registers,
      collect() {
        this.reset();
        this.inc(sources.sockets().framesDelivered);
      },
    });
    new Counter({
      name: 'kindred_rate_limit_refusals_total',
      help: 'Attempts refused by a rate limit, by limit',
      labelNames: ['limit'] as const,
      registers,
      collect() {
        this.reset();
        for (const [limit, count] of sources.rateLimitRefusals()) this.inc({ limit }, count);
      },
    });
    new Counter({
      name: 'kindred_event_bus_reconnects_total',
      help: 'Times a connection of the event bus (Redis) was lost and tried again',
      registers,
      collect() {
        this.reset();
        this.inc(sources.eventBusReconnects());
      },
    });
  }

  observe(request: RequestObservation): void {
    const labels = { route: request.route, method: request.method, status: String(request.status) };
    this.requests.inc(labels);
    this.latency.observe(labels, request.seconds);
    if (request.status >= 500) this.serverErrors.inc();
  }

  /**
   * Serves `GET /metrics` on a port of its own (METRICS_PORT, on
   * METRICS_HOST, 127.0.0.1 by default): never on the public API's port.
   */
  async serve(port: number, host: string): Promise<{ url: string; close(): Promise<void> }> {
    const server: Server = createServer((req, res) => {
      if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('GET /metrics\n');
        return;
      }
      this.registry
        .metrics()
        .then((text) => res.writeHead(200, { 'content-type': this.registry.contentType }).end(text))
        .catch(() => res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics failed\n'));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'EADDRINUSE'
            ? new StartupError(
                `METRICS_PORT ${port} is in use on ${host}: set METRICS_PORT to a free port, or METRICS_PORT=off`,
              )
            : error,
        ),
      );
      server.listen(port, host, () => resolve());
    });
    const { port: bound } = server.address() as AddressInfo;
    return {
      url: `http://${host}:${bound}/metrics`,
      close: () => new Promise((resolve) => server.close(() => resolve())),
    };
  }
}
