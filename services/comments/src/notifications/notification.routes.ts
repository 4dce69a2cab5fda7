import { linkToken } from "@parlor/kit/http";
import type { Pages } from "@parlor/kit/pages";
import { LINK_FAILURE } from "@parlor/kit/rights";
import { type Context, Hono } from "hono";
import { alreadyDecided } from "./notification.pages.ts";
import { LINK_PURPOSE, type Notifier } from "./notification.service.ts";
import type { ModerateLink, NotificationLinks } from "./notification-links.service.ts";

const editedSince = {
  title: "Edited since this email",
  message:
    "Nothing was changed: the author edited this comment after this email was sent. A newer email shows the text as it now reads, with its own links.",
};

/** The pages behind the links in emails: moderate a held comment, confirm or stop reply notifications. */
export function notificationRoutes(deps: { notifier: Notifier; links: NotificationLinks; pages: Pages }) {
  const { notifier, links, pages } = deps;
  const app = new Hono();
  const failed = (c: Context, reason: string) =>
    pages.message(
      c,
      { title: "This link does not work", message: LINK_FAILURE[reason] ?? (LINK_FAILURE.malformed as string) },
      400,
    );

  app.get("/comments/moderate", async (c) => {
    const token = c.req.query("token") ?? "";
    const link = notifier.peekLink<ModerateLink>(token, LINK_PURPOSE.moderate);
    if (!link.ok) return failed(c, link.reason);
    const { id, action, v } = link.payload;
    const row = await links.comment(id);
    if (!row || row.deleted_at)
      return pages.message(c, { title: "Comment gone", message: "This comment was deleted." }, 404);
    // A pending comment, or the edit of a published one that waits beside its text.
    const waiting = await links.waitingText(row);
    if (!waiting) return pages.message(c, alreadyDecided(await links.decidedBefore(id)));
    if (v !== undefined && waiting.version !== v) return pages.message(c, editedSince);
    const verb = action === "approve" ? "Approve" : "Reject";
    return pages.message(c, {
      title: waiting.edit ? `${verb} this edit?` : `${verb} this comment?`,
      message: waiting.edit
        ? `${row.author_name} on ${row.uri} edited a published comment; readers see the published text until the edit is approved. The edit:`
        : `${row.author_name} on ${row.uri} (now ${row.status}):`,
      detail: waiting.body,
      button: { label: waiting.edit ? `${verb} edit` : verb, action: "/comments/moderate", fields: { token } },
    });
  });

  app.post("/comments/moderate", async (c) => {
    const token = await linkToken(c);
    const used = await links.moderate(token);
    if (!used.ok) return failed(c, used.reason);
    const { result } = used;
    if ("edited" in result) return pages.message(c, editedSince, 409);
    if (!result.decided) return pages.message(c, alreadyDecided(result), 409);
    return pages.message(c, { title: "Done", message: `The comment is now ${result.comment.status}.` });
  });

  app.get("/comments/notify/confirm", (c) => {
    const token = c.req.query("token") ?? "";
    const link = notifier.peekLink<{ email: string }>(token, LINK_PURPOSE.confirm);
    if (!link.ok) return failed(c, link.reason);
    return pages.message(c, {
      title: "Email me replies?",
      message: `Confirm that ${link.payload.email} should get an email when someone replies to its comments.`,
      button: { label: "Yes, email me replies", action: "/comments/notify/confirm", fields: { token } },
    });
  });

  app.post("/comments/notify/confirm", async (c) => {
    const token = await linkToken(c);
    const result = await links.confirm(token);
    if (!result.ok) return failed(c, result.reason);
    return pages.message(c, { title: "Confirmed", message: "You will get an email when someone replies to you." });
  });

  app.get("/comments/notify/unsubscribe", (c) => {
    const token = c.req.query("token") ?? "";
    const link = notifier.peekLink<{ email: string }>(token, LINK_PURPOSE.unsubscribe);
    if (!link.ok) return failed(c, link.reason);
    return pages.message(c, {
      title: "Stop reply emails?",
      message: `${link.payload.email} will get no more emails about replies.`,
      button: {
        label: "Stop reply emails",
        action: "/comments/notify/unsubscribe",
        fields: { token, "List-Unsubscribe": "One-Click" },
      },
    });
  });

  // RFC 8058 §3.1: a POST with List-Unsubscribe=One-Click to the URL from the header; no cookies, no redirect.
  app.post("/comments/notify/unsubscribe", async (c) => {
    const token = await linkToken(c);
    const result = await links.unsubscribe(token);
    if (!result.ok) return failed(c, result.reason);
    return pages.message(c, { title: "Unsubscribed", message: "You will get no more emails about replies." });
  });

  return app;
}
