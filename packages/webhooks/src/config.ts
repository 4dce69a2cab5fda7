import { z } from "zod";

/** `comment.created=https://a.example/hook,*=https://b.example/all` → each event's URLs (`*`: every event). */
export type WebhookRoutes = ReadonlyMap<string, readonly string[]>;

// A Map that prints as an object (`cli config` shows the settings as JSON).
class Routes extends Map<string, string[]> {
  toJSON() {
    return Object.fromEntries(this);
  }
}

const routes = z
  .string()
  .default("")
  .transform((s, ctx) => {
    const map = new Routes();
    for (const entry of s
      .split(",")
      .map((e) => e.trim())
      .filter(Boolean)) {
      const eq = entry.indexOf("=");
      const event = entry.slice(0, eq).trim();
      const url = entry.slice(eq + 1).trim();
      let ok = eq > 0 && /^(\*|[a-z]+\.[a-z_]+)$/.test(event) && url.length <= 320;
      try {
        const u = new URL(url);
        ok &&= u.protocol === "https:" || u.protocol === "http:";
      } catch {
        ok = false;
      }
      if (!ok) {
        ctx.addIssue({ code: "custom", message: `"${entry}" is not event=URL (event like comment.created or *)` });
        return z.NEVER;
      }
      map.set(event, [...(map.get(event) ?? []), url]);
    }
    return map as WebhookRoutes;
  });

/** The settings both services read for outgoing webhooks. */
export const webhookConfigShape = {
  WEBHOOK_URLS: routes.meta({
    description:
      "where events are `POST`ed: comma-separated `event=URL` pairs, `*` for every event, e.g. `comment.created=https://a.example/hook,*=https://b.example/all` (docs/webhooks.md)",
    unset: "none: no webhooks",
  }),
  WEBHOOK_SECRET: z
    .string()
    .min(16, "must be at least 16 characters")
    .optional()
    .describe("the key of the `Parlor-Signature` HMAC, at least 16 characters; required with `WEBHOOK_URLS`"),
};

/** One line naming what is wrong with the webhook settings together, or null. */
export function webhookConfigProblem(config: { WEBHOOK_URLS: WebhookRoutes; WEBHOOK_SECRET?: string }) {
  return config.WEBHOOK_URLS.size > 0 && !config.WEBHOOK_SECRET
    ? "WEBHOOK_SECRET: must be set when WEBHOOK_URLS is"
    : null;
}

export function urlsFor(routes: WebhookRoutes, event: string): string[] {
  return [...new Set([...(routes.get(event) ?? []), ...(routes.get("*") ?? [])])];
}
