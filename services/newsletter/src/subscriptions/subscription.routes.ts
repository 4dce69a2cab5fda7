import { createRoute } from "@hono/zod-openapi";
import { InvalidInput } from "@parlor/kit";
import {
  addRoute,
  answerWriteWith,
  clientAddress,
  clientIdentity,
  fastPost,
  hashAddress,
  htmlResponse,
  jsonOrPageResponse,
  jsonResponse,
  LinkTokenQuery,
  localeFromHeader,
  localeOf,
  problemOrPageResponse,
  problemResponse,
  type RequestFacts,
  type Routes,
  readBody,
  readerLocale,
  requestFacts,
  routes,
  type WriteAnswer,
} from "@parlor/kit/http";
import { backUrl, type Pages, parseFormPost } from "@parlor/kit/pages";
import { LinkToken, NewSubscription } from "@parlor/validation";
import type { Context } from "hono";
import { html } from "hono/html";
import { z } from "zod";
import type { NewsletterConfig } from "../config.ts";
import type { Links } from "../links.ts";
import { consentTextIn, consentVersion } from "./consent.ts";
import { subscriberMail } from "./subscriber-mail.strings.ts";
import { formTopics, formToSubscription, SignupForm, signupForm } from "./subscription.form.ts";
import type { LinkFailure, SubscriptionService } from "./subscription.service.ts";

const FAILURE: Record<LinkFailure | "malformed" | "bad-signature" | "wrong-purpose", string> = {
  invalid: "This confirmation link is not valid, or it has already been used.",
  expired: "This confirmation link has expired.",
  malformed: "This link is not valid. Copy the whole link from the email.",
  "bad-signature": "This link is not valid. Copy the whole link from the email.",
  "wrong-purpose": "This link is not valid here.",
};

// The pages behind the links in emails read their token themselves (the kit's LinkLinkTokenQuery documents it): a bad
// one is answered with a page a person can act on (sign up again), not with the problem+json a query schema gives.
const TokenBody = z.object({ token: LinkToken });
const forms = <T extends z.ZodType>(schema: T) => ({
  "application/x-www-form-urlencoded": { schema },
  "multipart/form-data": { schema },
});

const consentWording = createRoute({
  method: "get",
  path: "/v1/subscriptions/consent",
  operationId: "consentWording",
  summary:
    "The consent wording for the reader's language (`lang`, else Accept-Language) and its version: show the text by the consent box and post the version as `consentVersion`, so the consent record keeps the words shown.",
  request: {
    query: z.object({ lang: z.string().optional().describe("a language tag (`es`, `pt-BR`); else Accept-Language") }),
  },
  responses: {
    200: jsonResponse(
      "the wording",
      z.object({
        locale: z.string().describe("the language the wording was chosen for"),
        text: z.string(),
        version: z.string().describe("16 hex digits; changes whenever the wording does"),
      }),
    ),
  },
});

// The honeypot takes anything (NewSubscription says z.unknown()); the document says what a form sends there.
const SignupBody = NewSubscription.extend({
  company: z.string().optional().describe("the honeypot the form hides: anything in it marks the signup"),
});

const signup = createRoute({
  method: "post",
  path: "/v1/subscriptions",
  operationId: "subscribe",
  summary:
    "Sign up (JSON or an HTML form). Always 202 {status: pending}, whatever the address's state; a confirmation email goes out unless the address is active or the screen holds the signup for review.",
  request: {
    body: { content: { "application/json": { schema: SignupBody }, ...forms(SignupForm) }, required: true },
  },
  // A form post that fails is answered with the form again, on a page: the handler reads and checks its body.
  readsBody: "handler" as const,
  responses: {
    202: jsonResponse("accepted", z.object({ status: z.literal("pending") })),
    303: { description: "a form post: back to the page it came from, ?parlor=pending#newsletter" },
    400: problemOrPageResponse("invalid input: `errors` names every bad field (a form post gets the form again)"),
    413: problemResponse("body too large"),
    415: problemResponse("unsupported content type"),
    429: problemResponse("rate limited (Retry-After)"),
  },
});

const confirmPage = createRoute({
  method: "get",
  path: "/v1/subscriptions/confirm",
  operationId: "confirmationPage",
  summary: "The confirmation link's page, with one Confirm button. A GET never changes anything.",
  request: { query: LinkTokenQuery },
  responses: {
    200: htmlResponse("the page, with its Confirm button"),
    400: htmlResponse("the link is expired, used or forged: a page offering to sign up again"),
  },
});

const confirm = createRoute({
  method: "post",
  path: "/v1/subscriptions/confirm",
  operationId: "confirmSubscription",
  summary: "Confirm (form or JSON `token`): the person is active, the consent record kept, a welcome email queued.",
  request: {
    query: LinkTokenQuery,
    body: { content: { "application/json": { schema: TokenBody }, ...forms(TokenBody) } },
  },
  readsBody: "handler" as const,
  responses: {
    200: jsonOrPageResponse(
      "active: an HTML page, or JSON with Accept: application/json",
      z.object({ status: z.literal("active") }),
    ),
    400: problemOrPageResponse("expired, used or forged token (a page offering to sign up again, for browsers)"),
  },
});

const unsubscribePage = createRoute({
  method: "get",
  path: "/v1/subscriptions/unsubscribe",
  operationId: "unsubscribePage",
  summary: "The unsubscribe link's page, with one button.",
  request: { query: LinkTokenQuery },
  responses: { 200: htmlResponse("the page, with its Unsubscribe button"), 400: htmlResponse("the link is forged") },
});

const OneClick = z.object({
  "List-Unsubscribe": z.literal("One-Click").optional().describe("RFC 8058's body; any body (or none) is taken"),
});

const unsubscribe = createRoute({
  method: "post",
  path: "/v1/subscriptions/unsubscribe",
  operationId: "unsubscribe",
  summary:
    "RFC 8058 one-click unsubscribe: `List-Unsubscribe=One-Click` (urlencoded or multipart) to the header's URL. 200, no redirect, no cookies.",
  request: { query: LinkTokenQuery, body: { content: forms(OneClick) } },
  readsBody: "handler" as const,
  responses: {
    200: jsonOrPageResponse(
      "unsubscribed: an HTML page, or JSON with Accept: application/json",
      z.object({ status: z.literal("unsubscribed") }),
    ),
    400: problemOrPageResponse("forged link"),
  },
});

const ACCEPTED_HEADERS: [string, string][] = [["content-type", "application/json"]];

/**
 * A JSON client's signup as both roads answer it, the route's handler and the signup's fast lane (signupFastPost):
 * 202 `{"status":"pending"}`, whatever the address's state.
 */
function signupAnswerer(deps: Pick<SubscriptionRouteDeps, "config" | "subscriptions" | "clientKey">) {
  return async (input: NewSubscription, request: RequestFacts): Promise<WriteAnswer> => {
    const logged = await deps.subscriptions.signup(
      input,
      clientOf(request, deps),
      localeFromHeader(request.header("accept-language")),
    );
    return { status: 202, headers: ACCEPTED_HEADERS, body: Buffer.from('{"status":"pending"}'), logged };
  };
}

/** The client of a request: its address (kept with the consent record) and its keyed hash (rate limits). */
function clientOf(request: Context | RequestFacts, deps: Pick<SubscriptionRouteDeps, "config" | "clientKey">) {
  const address = clientAddress(request, deps.config.TRUST_PROXY);
  return { address, hash: hashAddress(deps.clientKey, clientIdentity(address)) };
}

/** A signup from a JSON client on the shell's fast lane (fastPost), answered as its route answers it. */
export function signupFastPost(
  app: Routes,
  deps: Pick<SubscriptionRouteDeps, "config" | "subscriptions" | "clientKey">,
) {
  fastPost(app, signup, NewSubscription, signupAnswerer(deps));
}

interface SubscriptionRouteDeps {
  config: NewsletterConfig;
  subscriptions: SubscriptionService;
  links: Links;
  clientKey: string;
  publicUrl: () => string;
  pages: Pages;
}

/** The subscriber's endpoints: `/v1/subscriptions`, its confirmation and unsubscribe links. */
export function subscriptionRoutes(deps: SubscriptionRouteDeps) {
  const { config, subscriptions, links, pages } = deps;
  const app = routes();
  const client = (c: Context) => clientOf(c, deps);
  const signupAnswer = signupAnswerer(deps);
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
  addRoute(app, consentWording, (c) => {
    const locale = localeOf(c.req.valid("query").lang ?? "") ?? readerLocale(c);
    const text = consentTextIn(config, locale);
    c.header("Cache-Control", "public, max-age=300");
    c.header("Vary", "Accept-Language");
    return c.json({ locale, text, version: consentVersion(text) }, 200);
  });

  addRoute(app, signup, async (c) => {
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
    // A JSON client: the answer its fast lane gives too (signupFastPost).
    if (!wantsPage) return answerWriteWith(c, await signupAnswer(parsed.data, requestFacts(c)));
    try {
      c.set("logged", await subscriptions.signup(parsed.data, client(c), readerLocale(c)));
    } catch (err) {
      // An unknown topic: the form's page names it, as it names any other bad field.
      if (wantsPage && err instanceof InvalidInput) return refused(err.errors);
      throw err;
    }
    return c.redirect(backTo(c, parsed.data.source, "pending"), 303);
  });

  // A GET never confirms: mail scanners and link previews open links. The page has one button that POSTs.
  addRoute(app, confirmPage, async (c) => {
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

  addRoute(app, confirm, async (c) => {
    const token = await tokenOf(c);
    const result = await subscriptions.confirm(token, client(c));
    if (typeof result === "string") return confirmFailed(c, result);
    if (json(c)) return c.json({ status: "active" as const });
    const { pages: t, page } = pageStrings(result.locale, result.email);
    return pages.message(c, { title: t.confirmedTitle, message: t.confirmedMessage }, 200, page);
  });

  addRoute(app, unsubscribePage, (c) => {
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
  addRoute(app, unsubscribe, async (c) => {
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
