import { parseInput } from "@parlor/kit/http";
import { type Pages, renderAtom } from "@parlor/kit/pages";
import { Hono } from "hono";
import { html, raw } from "hono/html";
import type { NewsletterConfig } from "../config.ts";
import { ArchivePageQuery, ArchiveQuery } from "./issue.schemas.ts";
import type { IssueService } from "./issue.service.ts";

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
  const app = new Hono();
  const issuePath = (slug: string) => `/v1/issues/${slug}`;

  app.get("/v1/issues", async (c) => {
    const q = parseInput(ArchiveQuery, c.req.query());
    const { list, next } = await issues.archive(q.limit, q.cursor);
    c.header("Cache-Control", "public, max-age=60");
    return c.json({
      issues: list.map((r) => ({ slug: r.slug, subject: r.subject, sentAt: r.sent_at })),
      nextCursor: next,
    });
  });

  app.get("/newsletter/archive", async (c) => {
    const q = parseInput(ArchivePageQuery, c.req.query());
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

  app.get("/newsletter/archive.atom", async (c) => {
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

  app.get("/v1/issues/:slug", async (c) => {
    const issue = await issues.published(c.req.param("slug"));
    if ((c.req.header("accept") ?? "").includes("application/json")) {
      return c.json({
        slug: issue.slug,
        subject: issue.subject,
        sentAt: issue.sent_at,
        html: issue.html,
        text: issue.text,
      });
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
