import { InvalidInput } from "@parlor/kit";
import {
  clientAddress,
  clientIdentity,
  hashAddress,
  localeOf,
  type RequestVars,
  readBody,
  readerLocale,
} from "@parlor/kit/http";
import { backUrl, type Pages, parseFormPost } from "@parlor/kit/pages";
import { LinkToken, NewSubscription } from "@parlor/validation";
import { type Context, Hono } from "hono";
import { html } from "hono/html";
import type { NewsletterConfig } from "../config.ts";
import type { Links } from "../links.ts";
import { consentTextIn, consentVersion } from "./consent.ts";
import { subscriberMail } from "./subscriber-mail.strings.ts";
import { formTopics, formToSubscription, signupForm } from "./subscription.form.ts";
import type { LinkFailure, SubscriptionService } from "./subscription.service.ts";

const FAILURE: Record<LinkFailure | "malformed" | "bad-signature" | "wrong-purpose", string> = {
  invalid: "This confirmation link is not valid, or it has already been used.",
  expired: "This confirmation link has expired.",
  malformed: "This link is not valid. Copy the whole link from the email.",
  "bad-signature": "This link is not valid. Copy the whole link from the email.",
  "wrong-purpose": "This link is not valid here.",
};

/** The subscriber's endpoints: `/v1/subscriptions`, its confirmation and unsubscribe links. */
export function subscriptionRoutes(deps: {
  config: NewsletterConfig;
  subscriptions: SubscriptionService;
  links: Links;
  clientKey: string;
  publicUrl: () => string;
  pages: Pages;
}) {
  const { config, subscriptions, links, pages } = deps;
  const app = new Hono<{ Variables: RequestVars }>();
  const client = (c: Context) => {
    const address = clientAddress(c, config.TRUST_PROXY);
    return { address, hash: hashAddress(deps.clientKey, clientIdentity(address)) };
  };
  const json = (c: Context) => (c.req.header("accept") ?? "").includes("application/json");

  /** The token from the query, else from a form or JSON body. */
  async function tokenOf(c: Context): Promise<string> {
    const { data } = await readBody(c, { forms: true });
    const fromBody = (data as { token?: unknown } | null)?.token;
    const token = c.req.query("token") ?? (typeof fromBody === "string" ? fromBody : "");
    return LinkToken.safeParse(token).success ? token : "";
  }

  const confirmFailed = (c: Context, reason: keyof typeof FAILURE) => {
    if (json(c)) {
      throw new InvalidInput([{ path: "token", message: FAILURE[reason] }], FAILURE[reason]);
    }
    return pages.send(
      c,
      "This link does not work",
      html`<h1>This link does not work</h1><p role="alert">${FAILURE[reason]}</p>
<p>Sign up again and we will send you a new link:</p>${signupForm(config.CONSENT_TEXT)}`,
      { status: 400 },
    );
  };

  /** The page a form post goes back to: its Referer, else the `source` field when that is a page; on PUBLIC_URL. */
  const backTo = (c: Context, source: unknown, outcome: string) =>
    backUrl(deps.publicUrl(), { candidates: [c.req.header("referer"), source], outcome, anchor: "newsletter" });

  // The consent wording for the reader's language (`lang`, else Accept-Language) and its version: the widget shows
  // it and posts the version back with the signup, so the record keeps the words the reader saw.
  app.get("/v1/subscriptions/consent", (c) => {
    const locale = localeOf(c.req.query("lang") ?? "") ?? readerLocale(c);
    const text = consentTextIn(config, locale);
    c.header("Cache-Control", "public, max-age=300");
    c.header("Vary", "Accept-Language");
    return c.json({ locale, text, version: consentVersion(text) });
  });

  app.post("/v1/subscriptions", async (c) => {
    const topics = (await formTopics(c)) ?? [];
    const parsed = await parseFormPost(c, NewSubscription, (form) => formToSubscription(form, topics));
    const { form, html: wantsPage } = parsed;
    const refused = (errors: { path: string; message: string }[]) =>
      pages.send(
        c,
        "You are not signed up yet",
        html`<h1>You are not signed up yet</h1>
<ul role="alert">${errors.map((e) => html`<li><strong>${e.path}</strong>: ${e.message}</li>`)}</ul>
${signupForm(config.CONSENT_TEXT, form?.source || "/newsletter/signup")}
<p><a href="${backTo(c, form?.source, "error")}">Go back to the article</a></p>`,
        { status: 400 },
      );
    if (!parsed.ok) return refused(parsed.errors);
    try {
      await subscriptions.signup(parsed.data, client(c), readerLocale(c));
    } catch (err) {
      // An unknown topic: the form's page names it, as it names any other bad field.
      if (wantsPage && err instanceof InvalidInput) return refused(err.errors);
      throw err;
    }
    if (wantsPage) {
      return c.redirect(backTo(c, parsed.data.source, "pending"), 303);
    }
    return c.json({ status: "pending" as const }, 202);
  });

  // A GET never confirms: mail scanners and link previews open links. The page has one button that POSTs.
  app.get("/v1/subscriptions/confirm", async (c) => {
    const token = c.req.query("token") ?? "";
    const row = LinkToken.safeParse(token).success ? await subscriptions.peekConfirmation(token) : "invalid";
    if (typeof row === "string") return confirmFailed(c, row);
    // In the language the address signed up in.
    const { pages: t, page } = pageStrings(row.locale, row.email);
    return pages.message(
      c,
      {
        title: t.confirmTitle,
        message: t.confirmMessage,
        button: { label: t.confirmButton, action: "/v1/subscriptions/confirm", fields: { token } },
      },
      200,
      page,
    );
  });

  app.post("/v1/subscriptions/confirm", async (c) => {
    const token = await tokenOf(c);
    const result = await subscriptions.confirm(token, client(c));
    if (typeof result === "string") return confirmFailed(c, result);
    if (json(c)) return c.json({ status: "active" as const });
    const { pages: t, page } = pageStrings(result.locale, result.email);
    return pages.message(c, { title: t.confirmedTitle, message: t.confirmedMessage }, 200, page);
  });

  app.get("/v1/subscriptions/unsubscribe", (c) => {
    const token = c.req.query("token") ?? "";
    const link = links.readUnsubscribe(token);
    if (!link.ok) return unsubscribeFailed(c, link.reason);
    // In the language of the browser that opened the link.
    const { pages: t, page } = pageStrings(readerLocale(c), "");
    return pages.message(
      c,
      {
        title: t.unsubscribeTitle,
        message: t.unsubscribeMessage,
        // The form posts to the very URL of the List-Unsubscribe header, with the RFC 8058 body.
        button: {
          label: t.unsubscribeButton,
          action: `/v1/subscriptions/unsubscribe?token=${token}`,
          fields: { "List-Unsubscribe": "One-Click" },
        },
      },
      200,
      page,
    );
  });

  // RFC 8058 §3.1: a POST with List-Unsubscribe=One-Click to the header's URL; no cookies, no login, no redirect.
  app.post("/v1/subscriptions/unsubscribe", async (c) => {
    const token = await tokenOf(c);
    const link = links.readUnsubscribe(token);
    if (!link.ok) return unsubscribeFailed(c, link.reason);
    await subscriptions.unsubscribe(link.subscriberId);
    if (json(c)) return c.json({ status: "unsubscribed" as const });
    const { pages: t, page } = pageStrings(readerLocale(c), "");
    return pages.message(c, { title: t.unsubscribedTitle, message: t.unsubscribedMessage }, 200, page);
  });

  function pageStrings(locale: string | null, email: string) {
    return subscriberMail(locale, { list: config.LIST_NAME, site: config.SITE_NAME, email });
  }

  function unsubscribeFailed(c: Context, reason: keyof typeof FAILURE) {
    if (json(c)) throw new InvalidInput([{ path: "token", message: FAILURE[reason] }], FAILURE[reason]);
    return pages.message(c, { title: "This link does not work", message: FAILURE[reason] }, 400);
  }

  return app;
}
