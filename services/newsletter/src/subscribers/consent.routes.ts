import { Readable } from "node:stream";
import { createRoute } from "@hono/zod-openapi";
import { addRoute, fileResponse, needsAdminResponse, routes } from "@parlor/kit/http";
import type { SubscriberService } from "./subscriber.service.ts";

export const CONSENT_CSV_PATH = "/v1/admin/newsletter/consent.csv";

const exportConsents = createRoute({
  method: "get",
  path: CONSENT_CSV_PATH,
  operationId: "exportConsents",
  summary:
    "Every consent record as CSV (text/csv, streamed): email,status,kind,consentedAt,source,clientAddress,consentText.",
  responses: { 200: fileResponse("the consent records", "text/csv"), ...needsAdminResponse },
});

/** `GET /v1/admin/newsletter/consent.csv` (admin): every consent record, streamed (also `pnpm newsletter consent`). */
export function consentRoutes(deps: { subscribers: SubscriberService }) {
  const app = routes();
  addRoute(app, exportConsents, (c) => {
    const day = new Date().toISOString().slice(0, 10);
    const encoder = new TextEncoder();
    const bytes = async function* () {
      for await (const text of deps.subscribers.exportConsents()) yield encoder.encode(text);
    };
    const body = Readable.toWeb(Readable.from(bytes())) as ReadableStream<Uint8Array>;
    return c.body(body, 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="consent-${day}.csv"`,
      "Cache-Control": "no-store",
    });
  });
  return app;
}
