import { createRoute } from "@hono/zod-openapi";
import { InvalidInput } from "@parlor/kit";
import {
  addRoute,
  clientAddress,
  clientIdentity,
  hashAddress,
  jsonOrPageResponse,
  LinkTokenQuery,
  problemOrPageResponse,
  readBody,
  routes,
} from "@parlor/kit/http";
import type { Pages } from "@parlor/kit/pages";
import { LinkToken, TopicSlugs } from "@parlor/validation";
import type { Context } from "hono";
import { html } from "hono/html";
import { z } from "zod";
import type { NewsletterConfig } from "../config.ts";
import type { Links } from "../links.ts";
import { formTopics } from "./subscription.form.ts";
import type { SubscriptionService } from "./subscription.service.ts";

const BAD_LINK = "This link is not valid. Copy the whole link from the email.";

const Preferences = z.object({
  status: z.enum(["active", "not_subscribed"]),
  topics: z.array(z.string()).describe("the slugs chosen; empty: every topic, including topics added later"),
});
// The token (the kit's LinkTokenQuery) is checked by the handlers: a bad link gets a page for a browser.
const Chosen = z.object({ topics: TopicSlugs });

const preferencesPage = createRoute({
  method: "get",
  path: "/v1/subscriptions/preferences",
  operationId: "preferencesPage",
  summary:
    "The preference page behind every issue's footer link (signed token): the subscriber's topics as a form, and a button that unsubscribes from everything. A GET changes nothing.",
  request: { query: LinkTokenQuery },
  responses: {
    200: jsonOrPageResponse("the form, or JSON with Accept: application/json", Preferences),
    400: problemOrPageResponse("forged link"),
  },
});

const choosePreferences = createRoute({
  method: "post",
  path: "/v1/subscriptions/preferences",
  operationId: "choosePreferences",
  summary:
    "Save the topics chosen (a form with one `topics` field per ticked box, or JSON). Every topic ticked: every topic, including topics added later; none: 400 (unsubscribing is its own link).",
  request: {
    query: LinkTokenQuery,
    body: {
      content: {
        "application/json": { schema: Chosen },
        "application/x-www-form-urlencoded": { schema: Chosen },
        "multipart/form-data": { schema: Chosen },
      },
    },
  },
  // A form whose choice is refused gets the form again with the reason: the handler reads its own body.
  readsBody: "handler" as const,
  responses: {
    200: jsonOrPageResponse("saved: the form again, or JSON", Preferences),
    400: problemOrPageResponse("forged link, or `topics` names no topic or one that does not exist"),
  },
});

/** The topics a post chose: every `topics` field of a form (one per ticked box), or the JSON body's `topics`. */
async function postedTopics(c: Context): Promise<{ topics: unknown; form: boolean }> {
  const fromForm = await formTopics(c);
  if (fromForm) return { topics: fromForm, form: true };
  const { data } = await readBody(c);
  return { topics: (data as { topics?: unknown } | null)?.topics, form: false };
}

/**
 * The preference page behind every issue's footer link: `GET` shows the subscriber's topics as a form (a GET never
 * changes anything: mail scanners open links), `POST` saves them; a second button unsubscribes from everything
 * through the one-click unsubscribe URL.
 */
export function preferenceRoutes(deps: {
  config: NewsletterConfig;
  subscriptions: SubscriptionService;
  links: Links;
  clientKey: string;
  pages: Pages;
}) {
  const { config, subscriptions, links, pages } = deps;
  const app = routes();
  const json = (c: Context) => (c.req.header("accept") ?? "").includes("application/json");
  const client = (c: Context) => {
    const address = clientAddress(c, config.TRUST_PROXY);
    return { address, hash: hashAddress(deps.clientKey, clientIdentity(address)) };
  };

  const linkOf = (c: Context) => {
    const token = c.req.query("token") ?? "";
    if (!LinkToken.safeParse(token).success) return null;
    const link = links.readPreferences(token);
    return link.ok ? { token, subscriberId: link.subscriberId } : null;
  };

  const badLink = (c: Context) => {
    if (json(c)) throw new InvalidInput([{ path: "token", message: BAD_LINK }], BAD_LINK);
    return pages.message(c, { title: "This link does not work", message: BAD_LINK }, 400);
  };

  async function page(c: Context, token: string, subscriberId: string, note?: { saved?: boolean; error?: string }) {
    const prefs = await subscriptions.preferences(subscriberId);
    if (!prefs) {
      return pages.message(c, {
        title: `You are not subscribed to ${config.LIST_NAME}`,
        message: "There is nothing to change here. Changed your mind? Sign up again on the site.",
      });
    }
    const every = prefs.chosen.length === 0;
    const unsubscribe = `/v1/subscriptions/unsubscribe?token=${links.unsubscribeToken(subscriberId)}`;
    return pages.send(
      c,
      `Your ${config.LIST_NAME} emails`,
      html`<h1>Your ${config.LIST_NAME} emails</h1>
${note?.saved ? html`<p role="status">Your choices are saved.</p>` : ""}
${note?.error ? html`<p role="alert">${note.error}</p>` : ""}
<p>Emails go to ${prefs.email}.</p>
${
  prefs.topics.length > 0
    ? html`<form method="post" action="/v1/subscriptions/preferences?token=${token}">
<fieldset><legend>What would you like to receive?</legend>
${prefs.topics.map(
  (t) =>
    html`<label><input type="checkbox" name="topics" value="${t.slug}"${every || prefs.chosen.includes(t.slug) ? html` checked` : ""}> ${t.name}${t.description ? html` <span class="muted">${t.description}</span>` : ""}</label>`,
)}
</fieldset>
<p class="muted">With every topic ticked you also get topics added later.</p>
<button type="submit">Save my choices</button></form>`
    : html`<p>You receive every issue.</p>`
}
<form method="post" action="${unsubscribe}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<p>Or stop every email of ${config.LIST_NAME}:</p>
<button type="submit">Unsubscribe from everything</button></form>`,
      { status: note?.error ? 400 : 200 },
    );
  }

  addRoute(app, preferencesPage, async (c) => {
    const link = linkOf(c);
    if (!link) return badLink(c);
    if (json(c)) {
      const prefs = await subscriptions.preferences(link.subscriberId);
      return c.json(
        prefs
          ? { status: "active" as const, topics: prefs.chosen }
          : { status: "not_subscribed" as const, topics: [] as string[] },
      );
    }
    return page(c, link.token, link.subscriberId);
  });

  addRoute(app, choosePreferences, async (c) => {
    const link = linkOf(c);
    if (!link) return badLink(c);
    const posted = await postedTopics(c);
    const parsed = TopicSlugs.safeParse(posted.topics ?? []);
    try {
      if (!parsed.success) {
        throw new InvalidInput([{ path: "topics", message: parsed.error.issues[0]?.message ?? "is not valid" }]);
      }
      await subscriptions.chooseTopics(link.subscriberId, parsed.data, client(c));
    } catch (err) {
      if (!(err instanceof InvalidInput) || json(c) || !posted.form) throw err;
      const message = err.errors.map((e) => `${e.path}: ${e.message}`).join("; ");
      return page(c, link.token, link.subscriberId, { error: message });
    }
    if (json(c) || !posted.form) {
      const prefs = await subscriptions.preferences(link.subscriberId);
      return c.json({ status: prefs ? ("active" as const) : ("not_subscribed" as const), topics: prefs?.chosen ?? [] });
    }
    return page(c, link.token, link.subscriberId, { saved: true });
  });

  return app;
}
