import { linkToken, readBody, writeTransaction } from "@parlor/kit";
import { type Context, Hono } from "hono";
import type { Kysely } from "kysely";
import type { CommentsDb } from "../db/schema.ts";
import type { ModerationService } from "../moderation/moderation.service.ts";
import { alreadyDecided, LINK_FAILURE, linkPage } from "./notification.pages.ts";
import { LINK_PURPOSE, type Notifier } from "./notification.service.ts";

const failed = (c: Context, reason: string) =>
  c.html(linkPage({ title: "This link does not work", message: LINK_FAILURE[reason] ?? LINK_FAILURE.malformed }), 400);

/** The pages behind the links in emails: moderate a held comment, confirm or stop reply notifications. */
export function notificationRoutes(deps: {
  db: Kysely<CommentsDb>;
  notifier: Notifier;
  moderation: ModerationService;
}) {
  const { db, notifier } = deps;
  const app = new Hono();

  app.get("/comments/moderate", async (c) => {
    const token = c.req.query("token") ?? "";
    const link = notifier.peekLink<{ id: string; action: string }>(token, LINK_PURPOSE.moderate);
    if (!link.ok) return failed(c, link.reason);
    const { id, action } = link.payload;
    const row = await db.selectFrom("comment").selectAll().where("id", "=", id).executeTakeFirst();
    if (!row || row.deleted_at)
      return c.html(linkPage({ title: "Comment gone", message: "This comment was deleted." }), 404);
    if (row.status !== "pending") return c.html(alreadyDecided(await deps.moderation.decidedBefore(id)));
    const verb = action === "approve" ? "Approve" : "Reject";
    return c.html(
      linkPage({
        title: `${verb} this comment?`,
        message: `${row.author_name} on ${row.uri} (now ${row.status}):`,
        detail: row.body,
        button: { label: verb, action: "/comments/moderate", token },
      }),
    );
  });

  app.post("/comments/moderate", async (c) => {
    const token = await linkToken(c);
    const used = await writeTransaction(db, (trx) =>
      notifier.useLink<{ id: string; action: string }>(trx, token, LINK_PURPOSE.moderate, true),
    );
    if (!used.ok) return failed(c, used.reason);
    const decision = used.payload.action === "approve" ? "approve" : "reject";
    const result = await deps.moderation.decideIfPending(used.payload.id, decision, "email-link");
    if (!result.decided) return c.html(alreadyDecided(result), 409);
    return c.html(linkPage({ title: "Done", message: `The comment is now ${result.comment.status}.` }));
  });

  app.get("/comments/notify/confirm", (c) => {
    const token = c.req.query("token") ?? "";
    const link = notifier.peekLink<{ email: string }>(token, LINK_PURPOSE.confirm);
    if (!link.ok) return failed(c, link.reason);
    return c.html(
      linkPage({
        title: "Email me replies?",
        message: `Confirm that ${link.payload.email} should get an email when someone replies to its comments.`,
        button: { label: "Yes, email me replies", action: "/comments/notify/confirm", token },
      }),
    );
  });

  app.post("/comments/notify/confirm", async (c) => {
    const token = await linkToken(c);
    const result = await writeTransaction(db, async (trx) => {
      const used = await notifier.useLink<{ email: string }>(trx, token, LINK_PURPOSE.confirm, true);
      if (used.ok) await notifier.confirmAddress(trx, used.payload.email);
      return used;
    });
    if (!result.ok) return failed(c, result.reason);
    return c.html(linkPage({ title: "Confirmed", message: "You will get an email when someone replies to you." }));
  });

  app.get("/comments/notify/unsubscribe", (c) => {
    const token = c.req.query("token") ?? "";
    const link = notifier.peekLink<{ email: string }>(token, LINK_PURPOSE.unsubscribe);
    if (!link.ok) return failed(c, link.reason);
    return c.html(
      linkPage({
        title: "Stop reply emails?",
        message: `${link.payload.email} will get no more emails about replies.`,
        button: {
          label: "Stop reply emails",
          action: "/comments/notify/unsubscribe",
          token,
          extra: { "List-Unsubscribe": "One-Click" },
        },
      }),
    );
  });

  // RFC 8058 §3.1: a POST with List-Unsubscribe=One-Click to the URL from the header; no cookies, no redirect.
  app.post("/comments/notify/unsubscribe", async (c) => {
    const token = await linkToken(c);
    const result = await writeTransaction(db, async (trx) => {
      const used = await notifier.useLink<{ email: string }>(trx, token, LINK_PURPOSE.unsubscribe, false);
      if (used.ok) await notifier.unsubscribeAddress(trx, used.payload.email);
      return used;
    });
    if (!result.ok) return failed(c, result.reason);
    return c.html(linkPage({ title: "Unsubscribed", message: "You will get no more emails about replies." }));
  });

  return app;
}
