import { createRoute } from "@hono/zod-openapi";
import { Email } from "@parlor/validation";
import type { Context } from "hono";
import { html } from "hono/html";
import { z } from "zod";
import { RateLimited } from "../core/errors.ts";
import { linkToken, parseInput } from "../http/body.ts";
import type { RateLimiter } from "../http/rate-limit.ts";
import { badInputResponse, htmlResponse, linkActionRoute, linkPageRoute, problemResponse } from "../http/route-docs.ts";
import { addRoute, routes } from "../http/routes.ts";
import { readFormPost } from "../pages/form.ts";
import type { Html, Pages } from "../pages/page.ts";
import type { ReaderAction, ReaderRights } from "./rights.ts";

/** A reader's request: which address, and what for. */
export const ReaderRequest = z.object({
  email: Email,
  action: z.enum(["export", "erase"], { error: "must be export or erase" }),
});

// The same answer whether or not anything is held about the address: no one learns who commented or subscribed.
export const REQUEST_ACCEPTED = {
  status: "accepted" as const,
  message: "If we hold anything about this address, a link has been emailed to it. It works for 24 hours.",
};

export const LINK_FAILURE: Record<string, string> = {
  expired: "This link has expired.",
  used: "This link has already been used.",
  malformed: "This link is not valid. Copy the whole link from the email.",
  "bad-signature": "This link is not valid. Copy the whole link from the email.",
  "wrong-purpose": "This link is not valid here.",
};

/** What each service says on its readers'-rights pages. */
export interface RightsTexts<Data, Erased> {
  /** The form's title and the sentence above it. */
  title: string;
  intro: string;
  choices: Record<ReaderAction, string>;
  /** The pages behind the mailed links, for the link's address. */
  linkPage: Record<ReaderAction, { title: string; message: (email: string) => string; button: string }>;
  /** The JSON download's file name. */
  download: string;
  /** What the erase page says once done. */
  erased: (erased: Erased) => { title: string; message: string };
  /** Only for typing: the export's shape. */
  data?: Data;
  /** The OpenAPI document's words: whose data it is ("the comments"), what the export holds, what erasing does. */
  docs?: { holder: string; exportHas?: string; erases: string };
}

/**
 * The readers'-rights routes, once for both services: `GET <base>/me` (the form), `POST <requestPath>
 * {email, action}` → the same 202 whatever is held (a page for a form post), and the pages behind the mailed
 * links, `<base>/me/export` and `<base>/me/erase` (GET shows a button; POST acts).
 */
export interface RightsRouteDeps<Data, Erased> {
  base: string;
  requestPath: string;
  readers: ReaderRights<Data, Erased>;
  pages: Pages;
  texts: RightsTexts<Data, Erased>;
  limit: RateLimiter;
  clientHash: (c: Context) => string;
}

export function readerRightsRoutes<Data, Erased>(deps: RightsRouteDeps<Data, Erased>) {
  const { readers, pages, texts, base } = deps;
  const app = routes();
  const route = rightsRouteDefs({
    base,
    requestPath: deps.requestPath,
    holder: texts.docs?.holder ?? "the service",
    exportHas: texts.docs?.exportHas ?? "",
    erases: texts.docs?.erases ?? "erase what is held about the address (single use)",
  });
  const failed = (c: Context, reason: string) =>
    pages.message(
      c,
      { title: "This link does not work", message: LINK_FAILURE[reason] ?? (LINK_FAILURE.malformed as string) },
      400,
    );

  addRoute(app, route.form, (c) => pages.send(c, texts.title, requestForm(deps.requestPath, texts)));

  addRoute(app, route.request, async (c) => {
    const verdict = await deps.limit.consume(deps.clientHash(c));
    if (!verdict.allowed) throw new RateLimited(verdict.retryAfterSeconds);
    const post = await readFormPost(c);
    const input = parseInput(ReaderRequest, post.data);
    await readers.request(input.email, input.action);
    if (post.html) return pages.message(c, { title: "Check your email", message: REQUEST_ACCEPTED.message }, 202);
    return c.json(REQUEST_ACCEPTED, 202);
  });

  for (const action of ["export", "erase"] as const) {
    addRoute(app, action === "export" ? route.exportPage : route.erasePage, (c) => {
      const token = c.req.valid("query").token ?? "";
      const link = readers.peek(token, action);
      if (!link.ok) return failed(c, link.reason);
      const page = texts.linkPage[action];
      return pages.message(c, {
        title: page.title,
        message: page.message(link.payload.email),
        button: { label: page.button, action: `${base}/me/${action}`, fields: { token } },
      });
    });
  }

  addRoute(app, route.exportData, async (c) => {
    const result = await readers.exportData(await linkToken(c));
    if (!result.ok) return failed(c, result.reason);
    c.header("Content-Disposition", `attachment; filename="${texts.download}"`);
    c.header("Cache-Control", "no-store");
    return c.json(result.data as Record<string, unknown>, 200);
  });

  addRoute(app, route.erase, async (c) => {
    const result = await readers.erase(await linkToken(c));
    if (!result.ok) return failed(c, result.reason);
    return pages.message(c, texts.erased(result.erased));
  });

  return app;
}

/** The routes' descriptions: `holder` says whose data it is ("the comments"), `erases` what the erase link does. */
function rightsRouteDefs(o: { base: string; requestPath: string; holder: string; exportHas: string; erases: string }) {
  const Accepted = z.object({ status: z.literal("accepted"), message: z.string() });
  return {
    form: createRoute({
      method: "get",
      path: `${o.base}/me`,
      operationId: "showReaderRequestForm",
      summary: `The form where a reader asks, by address, for an export or the erasure of what ${o.holder} holds about it.`,
      responses: { 200: htmlResponse("the form") },
    }),
    request: createRoute({
      method: "post",
      path: o.requestPath,
      operationId: "requestReaderData",
      summary: `A reader asks, by address, for an export or the erasure of what ${o.holder} holds about it. Always the same 202; a link is mailed to a known address.`,
      readsBody: "handler" as const, // the rate limit counts every request, bad ones too, before it is read
      request: {
        body: {
          required: true,
          content: {
            "application/json": { schema: ReaderRequest },
            "application/x-www-form-urlencoded": { schema: ReaderRequest },
            "multipart/form-data": { schema: ReaderRequest },
          },
        },
      },
      responses: {
        202: {
          description: "accepted (a form post: a page saying so)",
          content: { "application/json": { schema: Accepted }, ...htmlResponse("").content },
        },
        ...badInputResponse,
        429: problemResponse("rate limited"),
      },
    }),
    exportPage: linkPageRoute({
      path: `${o.base}/me/export`,
      operationId: "showReaderExportLink",
      summary: "The export link's page: what its button downloads.",
    }),
    exportData: linkActionRoute({
      path: `${o.base}/me/export`,
      operationId: "exportReaderData",
      summary: `With the mailed link's token: everything held about the address${o.exportHas}, as a JSON download.`,
      responses: {
        200: {
          description: "the export (a download)",
          content: { "application/json": { schema: z.object({}).passthrough() } },
        },
      },
    }),
    erasePage: linkPageRoute({
      path: `${o.base}/me/erase`,
      operationId: "showReaderEraseLink",
      summary: "The erasure link's page: what its button erases.",
    }),
    erase: linkActionRoute({
      path: `${o.base}/me/erase`,
      operationId: "eraseReaderData",
      summary: `With the mailed link's token: ${o.erases}.`,
      responses: { 200: htmlResponse("erased") },
    }),
  };
}

function requestForm(
  action: string,
  texts: { title: string; intro: string; choices: Record<ReaderAction, string> },
): Html {
  return html`<h1>${texts.title}</h1>
<p>${texts.intro}</p>
<form method="post" action="${action}">
<label for="email">Email address</label><input id="email" name="email" type="email" required maxlength="254" autocomplete="email">
<fieldset><legend>What do you want?</legend>
<label><input type="radio" name="action" value="export" checked> ${texts.choices.export}</label>
<label><input type="radio" name="action" value="erase"> ${texts.choices.erase}</label>
</fieldset>
<p><button type="submit">Send me the link</button></p>
</form>`;
}
