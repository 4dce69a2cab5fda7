import {
  addRoute,
  htmlResponse,
  linkActionRoute,
  linkPageRoute,
  linkToken,
  readerLocale,
  routes,
} from "@parlor/kit/http";
import type { PageLanguage, Pages } from "@parlor/kit/pages";
import { LINK_FAILURE } from "@parlor/kit/rights";
import type { Context } from "hono";
import { z } from "zod";
import { alreadyDecided } from "./notification.pages.ts";
import { LINK_PURPOSE, type Notifier } from "./notification.service.ts";
import type { ModerateLink, NotificationLinks } from "./notification-links.service.ts";
import { READER_MAIL, type ReaderMailStrings } from "./reader-mail.strings.ts";

const editedSince = {
  title: "Edited since this email",
  message:
    "Nothing was changed: the author edited this comment after this email was sent. A newer email shows the text as it now reads, with its own links.",
};

const moderatePage = linkPageRoute({
  path: "/comments/moderate",
  operationId: "showModerateLink",
  summary: "The moderator's link in a held comment's email: what approving or rejecting it will do, with the button.",
  responses: {
    200: htmlResponse("the comment (or the waiting edit) and the button; or that it was already decided"),
    404: htmlResponse("the comment was deleted"),
  },
});
const moderate = linkActionRoute({
  path: "/comments/moderate",
  operationId: "useModerateLink",
  summary: "Approve or reject the comment (or its waiting edit) of the emailed link.",
  responses: { 409: htmlResponse("already decided, or edited since the email") },
});
const confirmPage = linkPageRoute({
  path: "/comments/notify/confirm",
  operationId: "showReplyNotificationConfirm",
  summary:
    "The link in the confirmation email: confirm reply notifications for the address (in the reader's language).",
});
const confirm = linkActionRoute({
  path: "/comments/notify/confirm",
  operationId: "confirmReplyNotifications",
  summary: "Confirm reply notifications for the address of the emailed link.",
});
const unsubscribePage = linkPageRoute({
  path: "/comments/notify/unsubscribe",
  operationId: "showReplyNotificationStop",
  summary: "The unsubscribe link in a reply email: stop reply notifications for the address.",
});
const unsubscribe = linkActionRoute({
  path: "/comments/notify/unsubscribe",
  operationId: "stopReplyNotifications",
  summary:
    "Stop reply notifications for the address of the emailed link; also the RFC 8058 one-click target of the " +
    "emails' List-Unsubscribe header (`List-Unsubscribe=One-Click`, no cookies, no redirect).",
  extra: z.object({ "List-Unsubscribe": z.literal("One-Click").optional() }),
});

/** The pages behind the links in emails: moderate a held comment, confirm or stop reply notifications. */
export function notificationRoutes(deps: { notifier: Notifier; links: NotificationLinks; pages: Pages }) {
  const { notifier, links, pages } = deps;
  const app = routes();
  const failed = (c: Context, reason: string) =>
    pages.message(
      c,
      { title: "This link does not work", message: LINK_FAILURE[reason] ?? (LINK_FAILURE.malformed as string) },
      400,
    );

  addRoute(app, moderatePage, async (c) => {
    const token = c.req.valid("query").token ?? "";
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

  addRoute(app, moderate, async (c) => {
    const token = await linkToken(c);
    const used = await links.moderate(token);
    if (!used.ok) return failed(c, used.reason);
    const { result } = used;
    if ("edited" in result) return pages.message(c, editedSince, 409);
    if (!result.decided) return pages.message(c, alreadyDecided(result), 409);
    return pages.message(c, { title: "Done", message: `The comment is now ${result.comment.status}.` });
  });

  addRoute(app, confirmPage, (c) => {
    const token = c.req.valid("query").token ?? "";
    const link = notifier.peekLink<{ email: string }>(token, LINK_PURPOSE.confirm);
    if (!link.ok) return failed(c, link.reason);
    const [t, language] = pageStrings(c);
    return pages.message(
      c,
      {
        title: t.confirmTitle,
        message: t.confirmMessage.replace("{email}", () => link.payload.email),
        button: { label: t.confirmButton, action: "/comments/notify/confirm", fields: { token } },
      },
      200,
      language,
    );
  });

  addRoute(app, confirm, async (c) => {
    const token = await linkToken(c);
    const result = await links.confirm(token);
    if (!result.ok) return failed(c, result.reason);
    const [t, language] = pageStrings(c);
    return pages.message(c, { title: t.confirmedTitle, message: t.confirmedMessage }, 200, language);
  });

  addRoute(app, unsubscribePage, (c) => {
    const token = c.req.valid("query").token ?? "";
    const link = notifier.peekLink<{ email: string }>(token, LINK_PURPOSE.unsubscribe);
    if (!link.ok) return failed(c, link.reason);
    const [t, language] = pageStrings(c);
    return pages.message(
      c,
      {
        title: t.stopTitle,
        message: t.stopMessage.replace("{email}", () => link.payload.email),
        button: {
          label: t.stopButton,
          action: "/comments/notify/unsubscribe",
          fields: { token, "List-Unsubscribe": "One-Click" },
        },
      },
      200,
      language,
    );
  });

  // RFC 8058 §3.1: a POST with List-Unsubscribe=One-Click to the URL from the header; no cookies, no redirect.
  addRoute(app, unsubscribe, async (c) => {
    const token = await linkToken(c);
    const result = await links.unsubscribe(token);
    if (!result.ok) return failed(c, result.reason);
    const [t, language] = pageStrings(c);
    return pages.message(c, { title: t.stoppedTitle, message: t.stoppedMessage }, 200, language);
  });

  return app;
}

/** The link pages in the reader's language (their browser's Accept-Language), with the shell's lang and dir. */
function pageStrings(c: Context): [ReaderMailStrings["pages"], PageLanguage] {
  const strings = READER_MAIL[readerLocale(c)];
  return [strings.pages, { lang: strings.language.lang, dir: strings.language.dir, back: strings.pages.back }];
}
