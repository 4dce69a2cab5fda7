import type { Context, MiddlewareHandler } from "hono";
import { Counter, collectDefaultMetrics, Gauge, type Histogram, Registry } from "prom-client";

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
  const { recordRoute } = routeMetrics(registry);

  /** Counts a finished request and observes its latency, from `startedAt` (performance.now()). */
  function record(c: Context, startedAt: number) {
    const route = c.req.routePath && c.req.routePath !== "/*" ? c.req.routePath : "(unmatched)";
    recordRoute(c.req.method, route, c.res.status, startedAt);
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

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/**
 * `http_requests_total` (by method, route and status) and `http_request_duration_seconds` (by method and route), kept
 * in plain numbers per series and handed to the registry in the shape prom-client's own Counter and Histogram give
 * it, so /metrics reads exactly as theirs would (metrics.test.ts holds the two side by side). prom-client checks and
 * hashes the labels on every `inc()` and `observe()`, even of a series looked up beforehand: a few µs on every
 * request, 5 % of a 304's CPU.
 */
export function routeMetrics(registry: Registry) {
  type Count = { value: number; labels: { method: string; route: string; status: string } };
  type Time = { labels: { method: string; route: string }; bucketValues: number[]; sum: number; count: number };
  const counts = new Map<string, Count>();
  const times = new Map<string, Time>();
  // Series in the order they first appeared, as prom-client's own maps keep them.
  const series = new Map<string, { count: Count; time: Time }>();

  const counter = {
    name: "http_requests_total",
    help: "HTTP requests answered, by method, route and status",
    type: "counter",
    aggregator: "sum",
    get: async () => ({
      help: counter.help,
      name: counter.name,
      type: counter.type,
      values: [...counts.values()].map((c) => ({ value: c.value, labels: { ...c.labels } })),
      aggregator: counter.aggregator,
    }),
    reset: () => {
      counts.clear();
      series.clear();
    },
  };
  const name = "http_request_duration_seconds";
  const pair = (labels: object, value: number, metricName: string, exemplar: null | undefined, shared: object) => ({
    labels,
    sharedLabels: shared,
    value,
    metricName,
    exemplar,
  });
  const histogram = {
    name,
    help: "HTTP request latency, by method and route",
    type: "histogram",
    aggregator: "sum",
    getForPromString: async () => {
      const values: ReturnType<typeof pair>[] = [];
      for (const t of times.values()) {
        let acc = 0;
        LATENCY_BUCKETS.forEach((le, i) => {
          acc += t.bucketValues[i];
          values.push(pair({ le }, acc, `${name}_bucket`, null, t.labels));
        });
        values.push(pair({ le: "+Inf" }, t.count, `${name}_bucket`, null, t.labels));
        values.push(pair({}, t.sum, `${name}_sum`, undefined, t.labels));
        values.push(pair({}, t.count, `${name}_count`, undefined, t.labels));
      }
      return { name, help: histogram.help, type: histogram.type, values, aggregator: histogram.aggregator };
    },
    get: async () => {
      const data = await histogram.getForPromString();
      return {
        ...data,
        values: data.values.map(({ sharedLabels, labels, ...v }) => ({ ...v, labels: { ...labels, ...sharedLabels } })),
      };
    },
    reset: () => {
      times.clear();
      series.clear();
    },
  };
  // prom-client's Registry takes any object with these (its own metrics' shape).
  registry.registerMetric(counter as unknown as Counter);
  registry.registerMetric(histogram as unknown as Histogram);

  /** Counts a request and observes its latency, from `startedAt` (performance.now()). */
  function recordRoute(method: string, route: string, status: number, startedAt: number) {
    observe(method, route, status, (performance.now() - startedAt) / 1000);
  }
  /** Counts a request that took `seconds`. */
  function observe(method: string, route: string, status: number, seconds: number) {
    const key = `${method} ${status} ${route}`;
    let s = series.get(key);
    if (!s) {
      const countKey = `${method}\n${route}\n${status}`;
      const timeKey = `${method}\n${route}`;
      let count = counts.get(countKey);
      if (!count) {
        count = { value: 0, labels: { method, route, status: String(status) } };
        counts.set(countKey, count);
      }
      let time = times.get(timeKey);
      if (!time) {
        time = { labels: { method, route }, bucketValues: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 };
        times.set(timeKey, time);
      }
      s = { count, time };
      series.set(key, s);
    }
    s.count.value += 1;
    const t = s.time;
    t.sum += seconds;
    t.count += 1;
    for (let i = 0; i < LATENCY_BUCKETS.length; i++) {
      if (seconds <= LATENCY_BUCKETS[i]) {
        t.bucketValues[i] += 1;
        break;
      }
    }
  }
  return { recordRoute, observe };
}
