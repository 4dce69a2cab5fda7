import { createRoute } from "@hono/zod-openapi";
import { InvalidInput, tokenMatches, Unauthorized, UnsupportedMediaType } from "@parlor/kit";
import {
  addRoute,
  badInputResponse,
  bearerToken,
  jsonResponse,
  needsAdminResponse,
  problemResponse,
  routes,
} from "@parlor/kit/http";
import { DeliveryEvent } from "@parlor/validation";
import type { Context, MiddlewareHandler } from "hono";
import { z } from "zod";
import type { SubscriberService } from "./subscriber.service.ts";
import { parseWebhook } from "./webhook.ts";

export const WEBHOOK_PATH = "/v1/admin/newsletter/webhooks/bounces";

/**
 * The webhook's own guard: the admin token or WEBHOOK_TOKEN as a Bearer token or as the password of Basic auth
 * (Amazon SNS can only send credentials that way, from the endpoint URL); WEBHOOK_TOKEN alone as `?token=`, since a
 * query string lands in proxy and relay logs, where the owner's admin token must never be. The admin token
 * there is refused (401) with a log line saying to use WEBHOOK_TOKEN. Any other path, and any other spelling
 * of this one, meets the ordinary admin guard.
 */
export function webhookGuard(
  hashes: () => { admin: string | null; webhook: string | null },
  logger: { warn(obj: object, msg?: string): void },
): MiddlewareHandler {
  return async (c, next) => {
    const { admin, webhook } = hashes();
    const either = [admin, webhook].filter((h): h is string => h !== null);
    const inHeaders = [bearerToken(c.req.header("authorization")), basicPassword(c)].filter(
      (t): t is string => typeof t === "string" && t.length > 0,
    );
    if (inHeaders.some((t) => either.some((h) => tokenMatches(t, h)))) return next();
    const inQuery = c.req.query("token");
    if (inQuery) {
      if (webhook !== null && tokenMatches(inQuery, webhook)) return next();
      if (admin !== null && tokenMatches(inQuery, admin)) {
        logger.warn(
          { event: "webhook.admin_token_in_url", path: c.req.path },
          "refused: the admin token was sent in the bounce webhook's URL (?token=), where proxies and relays log it. " +
            "Set WEBHOOK_TOKEN (NEWSLETTER_WEBHOOK_TOKEN), put it in the relay's webhook URL instead, and replace the admin token.",
        );
      }
    }
    throw new Unauthorized();
  };
}

function basicPassword(c: Context): string | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(c.req.header("authorization") ?? "");
  if (!m) return null;
  const decoded = Buffer.from(m[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon >= 0 ? decoded.slice(colon + 1) : null;
}

const Events = z.union([DeliveryEvent, z.object({ events: z.array(DeliveryEvent) })]);

const bounces = createRoute({
  method: "post",
  path: WEBHOOK_PATH,
  operationId: "receiveBounces",
  summary:
    "Bounce and complaint events: the generic shape (`{type, email, permanent?, reason?}` or `{events: [...]}`), Amazon SES through SNS (text/plain JSON), or Postmark. The admin token or WEBHOOK_TOKEN, as Bearer or Basic password; WEBHOOK_TOKEN alone as ?token= (the admin token there: 401).",
  request: {
    body: {
      content: {
        "application/json": { schema: Events },
        "text/plain": { schema: z.string().describe("Amazon SNS: its JSON notification, sent as text/plain") },
      },
      required: true,
    },
  },
  // The handler reads the body: SNS's text/plain, SES's and Postmark's shapes are not the generic schema.
  readsBody: "handler" as const,
  responses: {
    200: jsonResponse(
      "what was done",
      z.object({
        processed: z.number().int(),
        suppressed: z.number().int(),
        ignored: z.number().int(),
        provider: z.enum(["generic", "ses", "postmark"]).optional().describe("whose format the events came in"),
        subscription: z
          .string()
          .optional()
          .describe("Amazon SNS asked to confirm a subscription: an operator opens its SubscribeURL"),
      }),
    ),
    ...badInputResponse,
    ...needsAdminResponse,
    415: problemResponse("neither JSON nor text/plain"),
  },
});

/** `POST /v1/admin/newsletter/webhooks/bounces`: bounce and complaint events from the relay. */
export function webhookRoutes(deps: {
  subscribers: SubscriberService;
  logger: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
}) {
  const app = routes();
  addRoute(app, bounces, async (c) => {
    // SNS posts its JSON as text/plain.
    const type = (c.req.header("content-type") ?? "").split(";")[0].trim().toLowerCase();
    if (type !== "application/json" && type !== "text/plain") {
      throw new UnsupportedMediaType(["application/json", "text/plain (Amazon SNS)"]);
    }
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      throw new InvalidInput([{ path: "(body)", message: "must be valid JSON" }], "The body is not valid JSON.");
    }
    const payload = parseWebhook(body);
    if (payload.kind === "sns-subscription") {
      // Confirming means fetching SubscribeURL; the service makes no outbound requests, so an operator opens it.
      deps.logger.warn(
        { event: "webhook.sns_subscription", topicArn: payload.topicArn, subscribeUrl: payload.subscribeUrl },
        `Amazon SNS asks to confirm the subscription of ${payload.topicArn}: open ${payload.subscribeUrl}`,
      );
      return c.json({ processed: 0, suppressed: 0, ignored: 0, subscription: "open the SubscribeURL to confirm" }, 200);
    }
    let suppressed = 0;
    let ignored = 0;
    for (const event of payload.events) {
      if (!event.permanent) {
        ignored++;
        continue;
      }
      await deps.subscribers.recordProblem(event.email, { kind: event.kind, detail: event.detail });
      suppressed++;
    }
    return c.json({ processed: payload.events.length, suppressed, ignored, provider: payload.provider }, 200);
  });
  return app;
}
