import { createRoute } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import { z } from "zod";
import type { Metrics } from "../core/metrics.ts";
import { pingStore } from "../store/database.ts";
import { addRoute, routes } from "./routes.ts";

const Health = z.object({ status: z.enum(["ok", "unavailable"]) });
const health = createRoute({
  method: "get",
  path: "/healthz",
  operationId: "getHealth",
  summary: "200 while the store answers a query, 503 otherwise.",
  responses: {
    200: { description: "healthy", content: { "application/json": { schema: Health } } },
    503: { description: "store unavailable (Retry-After)", content: { "application/json": { schema: Health } } },
  },
});
const metricsRoute = createRoute({
  method: "get",
  path: "/metrics",
  operationId: "getMetrics",
  summary: "Prometheus metrics: requests by route and status, the process, and the service's own gauges.",
  responses: { 200: { description: "the text exposition format", content: { "text/plain": { schema: z.string() } } } },
});

/** `GET /healthz` (200 while the store answers a query, 503 otherwise) and `GET /metrics`. */
// biome-ignore lint/suspicious/noExplicitAny: any service's store
export function healthRoutes(db: Kysely<any>, metrics: Metrics) {
  const app = routes();
  addRoute(app, health, async (c) => {
    try {
      await pingStore(db);
      return c.json({ status: "ok" as const }, 200);
    } catch {
      c.header("Retry-After", "5");
      return c.json({ status: "unavailable" as const }, 503);
    }
  });
  addRoute(app, metricsRoute, async (c) => {
    const { text, contentType } = await metrics.exposition();
    return c.text(text, 200, { "Content-Type": contentType });
  });
  return app;
}
