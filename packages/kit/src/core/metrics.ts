import type { Context, MiddlewareHandler } from "hono";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

// The process's own metrics (CPU, memory, event-loop lag, GC) describe the process, not an app: collected once per
// process and service name, and served by every app's /metrics beside its own. Collected per app, each app ever
// built left a GC observer and an event-loop monitor running (prom-client has no way to stop them): a test worker
// builds hundreds of apps, and every later GC called all of their observers.
const processRegistries = new Map<string, Registry>();
function processMetrics(prefix: string): Registry {
  let registry = processRegistries.get(prefix);
  if (!registry) {
    registry = new Registry();
    registry.setDefaultLabels({ service: prefix });
    collectDefaultMetrics({ register: registry });
    processRegistries.set(prefix, registry);
  }
  return registry;
}

/**
 * A Prometheus registry per app (not prom-client's global one, so tests can build many apps), with request
 * counts and latency histograms labelled by route pattern, never by raw path.
 */
export function createMetrics(prefix: string) {
  const registry = new Registry();
  registry.setDefaultLabels({ service: prefix });
  const processRegistry = processMetrics(prefix);
  const requests = new Counter({
    name: "http_requests_total",
    help: "HTTP requests answered, by method, route and status",
    labelNames: ["method", "route", "status"],
    registers: [registry],
  });
  const latency = new Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP request latency, by method and route",
    labelNames: ["method", "route"],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });

  // The labelled series of each (method, route, status), looked up once: prom-client hashes the label object on
  // every inc() and observe() otherwise. Routes are patterns, so the map stays as small as the API.
  const series = new Map<string, { count: { inc(): void }; time: { observe(value: number): void } }>();
  /** Counts a finished request and observes its latency, from `startedAt` (performance.now()). */
  function record(c: Context, startedAt: number) {
    const route = c.req.routePath && c.req.routePath !== "/*" ? c.req.routePath : "(unmatched)";
    recordRoute(c.req.method, route, c.res.status, startedAt);
  }
  /** record's work for an answer made outside Hono (the shell's fast lane), given its route pattern. */
  function recordRoute(method: string, route: string, status: number, startedAt: number) {
    const key = `${method} ${status} ${route}`;
    let s = series.get(key);
    if (!s) {
      s = { count: requests.labels(method, route, String(status)), time: latency.labels(method, route) };
      series.set(key, s);
    }
    s.count.inc();
    s.time.observe((performance.now() - startedAt) / 1000);
  }
  const middleware: MiddlewareHandler = async (c, next) => {
    const startedAt = performance.now();
    await next();
    record(c, startedAt);
  };

  /** A gauge whose value is read when Prometheus scrapes (e.g. the moderation queue length). */
  function gauge(name: string, help: string, read: () => Promise<number> | number) {
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        this.set(await read());
      },
    });
  }

  function counter(name: string, help: string, labelNames: string[] = []) {
    return new Counter({ name, help, labelNames, registers: [registry] });
  }

  /** What `GET /metrics` answers: the process's and the service's metrics, in Prometheus' text format. */
  async function exposition() {
    return {
      text: (await processRegistry.metrics()) + (await registry.metrics()),
      contentType: registry.contentType,
    };
  }

  return { registry, middleware, record, recordRoute, gauge, counter, exposition };
}
export type Metrics = ReturnType<typeof createMetrics>;
