import { createRoute } from "@hono/zod-openapi";
import {
  addRoute,
  badInputResponse,
  fileResponse,
  htmlResponse,
  jsonOrPageResponse,
  jsonResponse,
  problemResponse,
  routes,
} from "@parlor/kit/http";
import { type Pages, renderAtom } from "@parlor/kit/pages";
import { html, raw } from "hono/html";
import { z } from "zod";
import type { NewsletterConfig } from "../config.ts";
import { ArchivePageQuery, ArchiveQuery, Rendered } from "./issue.schemas.ts";
import type { IssueService } from "./issue.service.ts";

const listArchive = createRoute({
  method: "get",
  path: "/v1/issues",
  operationId: "listSentIssues",
  summary: "Sent issues, newest first.",
  request: { query: ArchiveQuery },
  responses: {
    200: jsonResponse(
      "the archive",
      z.object({
        issues: z.array(z.object({ slug: z.string(), subject: z.string(), sentAt: z.string() })),
        nextCursor: z.string().nullable(),
      }),
    ),
    ...badInputResponse,
  },
});

const archivePage = createRoute({
  method: "get",
  path: "/newsletter/archive",
  operationId: "archivePage",
  summary:
    "The archive as a web page readers browse: sent issues, newest first, 20 a page (`cursor` from the page's " +
    "“Older issues” link), each linking to its page, with the site's name and a link back to the blog.",
  request: { query: ArchivePageQuery },
  responses: {
    200: htmlResponse("the archive: an HTML page"),
    400: problemResponse("a cursor this service did not write"),
  },
});

const archiveFeed = createRoute({
  method: "get",
  path: "/newsletter/archive.atom",
  operationId: "archiveFeed",
  summary: "The archive as an Atom feed (RFC 4287): the newest 50 sent issues, each with its HTML.",
  responses: { 200: fileResponse("the feed", "application/atom+xml") },
});

const sentIssue = createRoute({
  method: "get",
  path: "/v1/issues/{slug}",
  operationId: "getSentIssue",
  summary: "One sent issue as a web page (JSON with Accept: application/json).",
  request: { params: z.object({ slug: z.string() }) },
  responses: {
    200: jsonOrPageResponse("the issue", Rendered.extend({ slug: z.string(), sentAt: z.string() })),
    404: problemResponse("no such sent issue"),
  },
});

const FEED_ENTRIES = 50;
const PAGE_SIZE = 20;

/**
 * The public archive: sent issues, newest first, as JSON (`/v1/issues`), as a page readers browse
 * (`/newsletter/archive`) and as an Atom feed (`/newsletter/archive.atom`), and a web page for each issue (safe
 * HTML: sanitized when drafted).
 */
export function archiveRoutes(deps: {
  issues: IssueService;
  config: NewsletterConfig;
  pages: Pages;
  publicUrl: () => string;
  clock: { now(): Date };
}) {
  const { issues, config, pages } = deps;
  const app = routes();
  const issuePath = (slug: string) => `/v1/issues/${slug}`;

  addRoute(app, listArchive, async (c) => {
    const q = c.req.valid("query");
    const { list, next } = await issues.archive(q.limit, q.cursor);
    c.header("Cache-Control", "public, max-age=60");
    return c.json(
      {
        // Only sent issues are public, and every sent issue has its time.
        issues: list.map((r) => ({ slug: r.slug, subject: r.subject, sentAt: r.sent_at as string })),
        nextCursor: next,
      },
      200,
    );
  });

  addRoute(app, archivePage, async (c) => {
    const q = c.req.valid("query");
    const { list, next } = await issues.archive(PAGE_SIZE, q.cursor);
    c.header("Cache-Control", "public, max-age=60");
    const title = `${config.LIST_NAME}: past issues`;
    return pages.send(
      c,
      title,
      html`<h1>${title}</h1>
${
  list.length
    ? html`<ol class="archive">${list.map(
        (r) =>
          html`<li><a href="${issuePath(r.slug)}">${r.subject}</a> <time class="muted" datetime="${r.sent_at}">${(r.sent_at ?? "").slice(0, 10)}</time></li>`,
      )}</ol>`
    : html`<p>No issue has been sent yet.</p>`
}
<p>${next ? html`<a href="/newsletter/archive?cursor=${encodeURIComponent(next)}" rel="next">Older issues</a> · ` : ""}<a href="/newsletter/archive.atom" type="application/atom+xml">Atom feed of the archive</a></p>`,
      { index: true },
    );
  });

  addRoute(app, archiveFeed, async (c) => {
    const { list } = await issues.archive(FEED_ENTRIES, undefined);
    const base = deps.publicUrl().replace(/\/$/, "");
    const body = renderAtom({
      selfUrl: `${base}/newsletter/archive.atom`,
      title: config.LIST_NAME,
      alternateUrl: `${base}/newsletter/archive`,
      author: { name: config.LIST_NAME },
      now: deps.clock.now(),
      entries: list.map((r) => ({
        id: `${base}${issuePath(r.slug)}`,
        title: r.subject,
        updated: r.sent_at ?? "",
        published: r.sent_at ?? "",
        link: `${base}${issuePath(r.slug)}`,
        html: r.html,
      })),
    });
    return c.body(body, 200, {
      "Content-Type": "application/atom+xml; charset=utf-8",
      "Cache-Control": "public, max-age=300",
    });
  });

  addRoute(app, sentIssue, async (c) => {
    const issue = await issues.published(c.req.valid("param").slug);
    if ((c.req.header("accept") ?? "").includes("application/json")) {
      return c.json(
        {
          slug: issue.slug,
          subject: issue.subject,
          sentAt: issue.sent_at as string,
          html: issue.html,
          text: issue.text,
        },
        200,
      );
    }
    const date = (issue.sent_at ?? issue.created_at).slice(0, 10);
    return pages.send(
      c,
      issue.subject,
      html`<article><p class="muted">${config.LIST_NAME} · <time datetime="${issue.sent_at}">${date}</time></p>
<h1>${issue.subject}</h1>
${raw(issue.html)}
<hr><p class="muted">${config.FOOTER}</p>
<p><a href="/newsletter/archive">All past issues</a></p></article>`,
      { index: true, storedHtml: true },
    );
  });

  return app;
}
