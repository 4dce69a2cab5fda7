import { Readable } from "node:stream";
import type { RequestVars } from "@parlor/kit/http";
import { Hono } from "hono";
import type { SubscriberService } from "./subscriber.service.ts";

export const CONSENT_CSV_PATH = "/v1/admin/newsletter/consent.csv";

/** `GET /v1/admin/newsletter/consent.csv` (admin): every consent record, streamed (also `pnpm newsletter consent`). */
export function consentRoutes(deps: { subscribers: SubscriberService }) {
  const app = new Hono<{ Variables: RequestVars }>();
  app.get(CONSENT_CSV_PATH, (c) => {
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
