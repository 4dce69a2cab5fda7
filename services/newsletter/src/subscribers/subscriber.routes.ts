import { InvalidInput, UnsupportedMediaType } from "@parlor/kit";
import { parseInput, type RequestVars, readBody } from "@parlor/kit/http";
import { Id } from "@parlor/validation";
import { Hono } from "hono";
import { SubscriberNotFound } from "./subscriber.errors.ts";
import { SubscriberQuery } from "./subscriber.schemas.ts";
import type { SubscriberService } from "./subscriber.service.ts";
import { toSubscriberView } from "./subscriber.view.ts";

export const CSV_PATH = "/v1/admin/newsletter/subscribers.csv";
export const CSV_IMPORT_LIMIT = 10 * 1024 * 1024;

/** The moderators' endpoints under `/v1/admin/newsletter/subscribers` (the admin guard in app.ts runs first). */
export function subscriberRoutes(deps: { subscribers: SubscriberService }) {
  const { subscribers } = deps;
  const app = new Hono<{ Variables: RequestVars }>();
  const idOf = (raw: string) => {
    if (!Id.safeParse(raw).success) throw new SubscriberNotFound(raw);
    return raw;
  };

  app.get("/v1/admin/newsletter/subscribers", async (c) => {
    return c.json(await subscribers.page(parseInput(SubscriberQuery, c.req.query())));
  });

  app.get("/v1/admin/newsletter/stats", async (c) => c.json({ subscribers: await subscribers.stats() }));

  app.get(CSV_PATH, (c) => {
    const day = new Date().toISOString().slice(0, 10);
    return c.body(subscribers.exportCsv(), 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="subscribers-${day}.csv"`,
      "Cache-Control": "no-store",
    });
  });

  app.post(CSV_PATH, async (c) => {
    const type = (c.req.header("content-type") ?? "").split(";")[0].trim().toLowerCase();
    if (type !== "text/csv" && type !== "text/plain") throw new UnsupportedMediaType(["text/csv"]);
    const text = await c.req.text();
    if (text.trim() === "") throw new InvalidInput([{ path: "(body)", message: "must be a CSV with a header line" }]);
    return c.json(await subscribers.importCsv(text));
  });

  app.get("/v1/admin/newsletter/subscribers/:id", async (c) =>
    c.json(toSubscriberView(await subscribers.load(idOf(c.req.param("id"))))),
  );

  app.post("/v1/admin/newsletter/subscribers/:id/approve", async (c) => {
    await readBody(c); // empty or {}; anything but JSON is a 415
    return c.json(await subscribers.approve(idOf(c.req.param("id"))));
  });

  app.post("/v1/admin/newsletter/subscribers/:id/reject", async (c) => {
    await readBody(c);
    return c.json(await subscribers.reject(idOf(c.req.param("id"))));
  });

  app.delete("/v1/admin/newsletter/subscribers/:id", async (c) => {
    await subscribers.erase(idOf(c.req.param("id")));
    return c.body(null, 204);
  });

  return app;
}
