import type { Hono } from "hono";
import type { Kysely } from "kysely";
import { pingStore } from "../store/database.ts";

/** `GET /healthz`: 200 while the store answers a query, 503 otherwise. */
// biome-ignore lint/suspicious/noExplicitAny: mounts on any service app, whatever its Env
export function mountHealth(app: Hono<any>, db: Kysely<any>) {
  app.get("/healthz", async (c) => {
    try {
      await pingStore(db);
      return c.json({ status: "ok" });
    } catch {
      c.header("Retry-After", "5");
      return c.json({ status: "unavailable" }, 503);
    }
  });
}
