import { Counter, Histogram, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { routeMetrics } from "./metrics.ts";

// The request metrics are kept in plain numbers (routeMetrics) and must read on /metrics exactly as prom-client's own
// Counter and Histogram would, fed the same requests: prom-client is the reference here.
describe("the request metrics", () => {
  it("expose what prom-client's Counter and Histogram expose for the same requests, byte for byte", async () => {
    const ours = new Registry();
    ours.setDefaultLabels({ service: "comments" });
    const { observe } = routeMetrics(ours);
    const theirs = new Registry();
    theirs.setDefaultLabels({ service: "comments" });
    const requests = new Counter({
      name: "http_requests_total",
      help: "HTTP requests answered, by method, route and status",
      labelNames: ["method", "route", "status"],
      registers: [theirs],
    });
    const latency = new Histogram({
      name: "http_request_duration_seconds",
      help: "HTTP request latency, by method and route",
      labelNames: ["method", "route"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [theirs],
    });
    // Bucket edges, between them, past the last; routes and statuses in an order that interleaves series.
    const seconds = [0.0004, 0.001, 0.0011, 0.0025, 0.003, 0.01, 0.07, 0.1, 0.3, 0.5, 0.9, 1, 2.5, 2.6, 9, 0.00002];
    const asks: [string, string, number][] = [
      ["GET", "/v1/comments", 200],
      ["GET", "/v1/comments", 304],
      ["POST", "/v1/comments", 201],
      ["GET", "/v1/counts", 200],
      ["GET", "(unmatched)", 404],
      ["POST", "/v1/comments", 429],
    ];
    for (let i = 0; i < 200; i++) {
      const [method, route, status] = asks[(i * 7) % asks.length];
      const s = seconds[(i * 5) % seconds.length] * (1 + (i % 3) / 1000);
      observe(method, route, status, s);
      requests.labels(method, route, String(status)).inc();
      latency.labels(method, route).observe(s);
    }
    const text = await ours.metrics();
    expect(text).toBe(await theirs.metrics());
    expect(text).toMatch(
      /http_requests_total\{method="GET",route="\/v1\/comments",status="304",service="comments"\} \d+/,
    );
    expect(JSON.stringify(await ours.getMetricsAsJSON())).toBe(JSON.stringify(await theirs.getMetricsAsJSON()));
    ours.resetMetrics();
    theirs.resetMetrics();
    observe("GET", "/v1/counts", 200, 0.002);
    requests.labels("GET", "/v1/counts", "200").inc();
    latency.labels("GET", "/v1/counts").observe(0.002);
    expect(await ours.metrics()).toBe(await theirs.metrics());
  });
});
