import type { Hono, MiddlewareHandler } from "hono";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/**
 * A Prometheus registry per app (not prom-client's global one, so tests can build many apps), with request
 * counts and latency histograms labelled by route pattern, never by raw path.
 */
export function createMetrics(prefix: string) {
  const registry = new Registry();
  registry.setDefaultLabels({ service: prefix });
  collectDefaultMetrics({ register: registry });
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

  const middleware: MiddlewareHandler = async (c, next) => {
    const start = performance.now();
    await next();
    const route = c.req.routePath && c.req.routePath !== "/*" ? c.req.routePath : "(unmatched)";
    requests.inc({ method: c.req.method, route, status: String(c.res.status) });
    latency.observe({ method: c.req.method, route }, (performance.now() - start) / 1000);
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

  // biome-ignore lint/suspicious/noExplicitAny: mounts on any service app, whatever its Env
  function mount(app: Hono<any>) {
    app.get("/metrics", async (c) => c.body(await registry.metrics(), 200, { "Content-Type": registry.contentType }));
  }

  return { registry, middleware, gauge, counter, mount };
}
export type Metrics = ReturnType<typeof createMetrics>;
