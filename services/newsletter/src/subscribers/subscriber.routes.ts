import { InvalidInput, invalidField, UnsupportedMediaType } from "@parlor/kit";
import { parseInput, type RequestVars, readBody } from "@parlor/kit/http";
import { Cursor, cleanText, decodeCursor, encodeCursor, Id, PageLimit, SubscriberStatus } from "@parlor/validation";
import { Hono } from "hono";
import type { Kysely } from "kysely";
import { z } from "zod";
import type { NewsletterDb } from "../db/schema.ts";
import type { ServiceDeps } from "../deps.ts";
import { exportCsv } from "./csv-export.ts";
import { importCsv } from "./csv-import.ts";
import { SubscriberNotFound } from "./subscriber.errors.ts";
import { countByStatus, listSubscribers } from "./subscriber.repository.ts";
import type { SubscriberService } from "./subscriber.service.ts";
import { toSubscriberView } from "./subscriber.view.ts";

export const SubscriberQuery = z.object({
  status: SubscriberStatus.optional(),
  // No control characters: a NUL byte would reach PostgreSQL as an invalid string, not as a search.
  q: cleanText(z.string().max(200, "must be at most 200 characters")).optional(),
  limit: PageLimit,
  cursor: Cursor.optional(),
});

export const CSV_PATH = "/v1/admin/newsletter/subscribers.csv";
export const CSV_IMPORT_LIMIT = 10 * 1024 * 1024;

/** The moderators' endpoints under `/v1/admin/newsletter/subscribers` (the admin guard in app.ts runs first). */
export function subscriberRoutes(deps: {
  service: ServiceDeps;
  subscribers: SubscriberService;
  db: Kysely<NewsletterDb>;
  sqliteFile: string | null;
}) {
  const { subscribers } = deps;
  const app = new Hono<{ Variables: RequestVars }>();
  const idOf = (raw: string) => {
    if (!Id.safeParse(raw).success) throw new SubscriberNotFound(raw);
    return raw;
  };

  app.get("/v1/admin/newsletter/subscribers", async (c) => {
    const q = parseInput(SubscriberQuery, c.req.query());
    let after: string | undefined;
    if (q.cursor) {
      const d = decodeCursor(q.cursor) as { i?: unknown } | null;
      if (typeof d?.i !== "string") throw invalidField("cursor", "must be a cursor returned by this API");
      after = d.i;
    }
    const rows = await listSubscribers(deps.db, { status: q.status, q: q.q, limit: q.limit + 1, after });
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return c.json({
      subscribers: page.map(toSubscriberView),
      nextCursor: rows.length > q.limit && last ? encodeCursor({ i: last.id }) : null,
    });
  });

  app.get("/v1/admin/newsletter/stats", async (c) => c.json({ subscribers: await countByStatus(deps.db) }));

  app.get(CSV_PATH, (c) => {
    const day = new Date().toISOString().slice(0, 10);
    return c.body(exportCsv({ db: deps.db, sqliteFile: deps.sqliteFile }), 200, {
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
    return c.json(await importCsv(deps.service, text));
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
