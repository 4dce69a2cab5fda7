import { createRoute } from "@hono/zod-openapi";
import { InvalidInput, UnsupportedMediaType } from "@parlor/kit";
import {
  addRoute,
  badInputResponse,
  fileResponse,
  jsonResponse,
  needsAdminResponse,
  problemResponse,
  routes,
} from "@parlor/kit/http";
import { Id } from "@parlor/validation";
import { z } from "zod";
import { SubscriberNotFound } from "./subscriber.errors.ts";
import { ImportReport, Subscriber, SubscriberQuery } from "./subscriber.schemas.ts";
import type { SubscriberService } from "./subscriber.service.ts";
import { toSubscriberView } from "./subscriber.view.ts";

export const CSV_PATH = "/v1/admin/newsletter/subscribers.csv";
export const CSV_IMPORT_LIMIT = 10 * 1024 * 1024;

const BASE = "/v1/admin/newsletter/subscribers";
const byId = { params: z.object({ id: z.string() }) };
const noSubscriber = { 404: problemResponse("no such subscriber") };

const listSubscribers = createRoute({
  method: "get",
  path: BASE,
  operationId: "listSubscribers",
  summary: "Subscribers, oldest first, by status (pending_review is the moderation queue), with a search.",
  request: { query: SubscriberQuery },
  responses: {
    200: jsonResponse("a page", z.object({ subscribers: z.array(Subscriber), nextCursor: z.string().nullable() })),
    ...badInputResponse,
    ...needsAdminResponse,
  },
});

const stats = createRoute({
  method: "get",
  path: "/v1/admin/newsletter/stats",
  operationId: "subscriberStats",
  summary: "How many subscribers are in each status (a status nobody is in is left out).",
  responses: {
    200: jsonResponse("the counts", z.object({ subscribers: z.record(z.string(), z.number().int()) })),
    ...needsAdminResponse,
  },
});

const exportCsv = createRoute({
  method: "get",
  path: CSV_PATH,
  operationId: "exportSubscribers",
  summary:
    "Every subscriber as CSV (text/csv, streamed): email,name,status,source,createdAt,confirmedAt,unsubscribedAt,flags,reason.",
  responses: { 200: fileResponse("the subscribers", "text/csv"), ...needsAdminResponse },
});

const importCsv = createRoute({
  method: "post",
  path: CSV_PATH,
  operationId: "importSubscribers",
  summary:
    "Import CSV (text/csv, header line with at least `email`, up to 10 MiB). Known, suppressed and repeated addresses are skipped; `active` needs `confirmedAt`; nobody is mailed.",
  request: { body: { content: { "text/csv": { schema: z.string() } }, required: true } },
  responses: {
    200: jsonResponse("the report", ImportReport),
    ...badInputResponse,
    ...needsAdminResponse,
    413: problemResponse("over 10 MiB"),
    415: problemResponse("not text/csv"),
  },
});

const getSubscriber = createRoute({
  method: "get",
  path: `${BASE}/{id}`,
  operationId: "getSubscriber",
  summary: "One subscriber.",
  request: byId,
  responses: { 200: jsonResponse("the subscriber", Subscriber), ...needsAdminResponse, ...noSubscriber },
});

const moderate = (action: "approve" | "reject") =>
  createRoute({
    method: "post",
    path: `${BASE}/{id}/${action}`,
    operationId: `${action}Subscriber`,
    summary:
      action === "approve"
        ? "Let a held signup through: the confirmation email goes out. Idempotent."
        : "Reject a held or unconfirmed signup. Idempotent.",
    request: { ...byId, body: { content: { "application/json": { schema: z.object({}) } } } },
    responses: {
      200: jsonResponse("the subscriber", Subscriber),
      ...needsAdminResponse,
      ...noSubscriber,
      409: problemResponse("not in a state this applies to"),
    },
  });

const eraseSubscriber = createRoute({
  method: "delete",
  path: `${BASE}/{id}`,
  operationId: "eraseSubscriber",
  summary:
    "Erase a person: row, consent records, deliveries, every email and .eml file; only a keyed hash stays on the suppression list.",
  request: byId,
  responses: { 204: { description: "erased" }, ...needsAdminResponse, ...noSubscriber },
});

/** The moderators' endpoints under `/v1/admin/newsletter/subscribers` (the admin guard in app.ts runs first). */
export function subscriberRoutes(deps: { subscribers: SubscriberService }) {
  const { subscribers } = deps;
  const app = routes();
  const idOf = (raw: string) => {
    if (!Id.safeParse(raw).success) throw new SubscriberNotFound(raw);
    return raw;
  };

  addRoute(app, listSubscribers, async (c) => c.json(await subscribers.page(c.req.valid("query")), 200));

  addRoute(app, stats, async (c) => c.json({ subscribers: await subscribers.stats() }, 200));

  addRoute(app, exportCsv, (c) => {
    const day = new Date().toISOString().slice(0, 10);
    return c.body(subscribers.exportCsv(), 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="subscribers-${day}.csv"`,
      "Cache-Control": "no-store",
    });
  });

  addRoute(app, importCsv, async (c) => {
    const type = (c.req.header("content-type") ?? "").split(";")[0].trim().toLowerCase();
    if (type !== "text/csv" && type !== "text/plain") throw new UnsupportedMediaType(["text/csv"]);
    const text = await c.req.text();
    if (text.trim() === "") throw new InvalidInput([{ path: "(body)", message: "must be a CSV with a header line" }]);
    return c.json(await subscribers.importCsv(text), 200);
  });

  addRoute(app, getSubscriber, async (c) =>
    c.json(toSubscriberView(await subscribers.load(idOf(c.req.valid("param").id))), 200),
  );

  addRoute(app, moderate("approve"), async (c) =>
    c.json(await subscribers.approve(idOf(c.req.valid("param").id)), 200),
  );
  addRoute(app, moderate("reject"), async (c) => c.json(await subscribers.reject(idOf(c.req.valid("param").id)), 200));

  addRoute(app, eraseSubscriber, async (c) => {
    await subscribers.erase(idOf(c.req.valid("param").id));
    return c.body(null, 204);
  });

  return app;
}
