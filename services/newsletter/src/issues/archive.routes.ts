import { invalidField, NotFound } from "@parlor/kit";
import { parseInput } from "@parlor/kit/http";
import type { Pages } from "@parlor/kit/pages";
import { Cursor, decodeCursor, encodeCursor, PageLimit } from "@parlor/validation";
import { Hono } from "hono";
import { html, raw } from "hono/html";
import type { Kysely } from "kysely";
import { z } from "zod";
import type { NewsletterConfig } from "../config.ts";
import type { NewsletterDb } from "../db/schema.ts";
import { findIssueBySlug } from "./issue.repository.ts";

export const ArchiveQuery = z.object({ limit: PageLimit, cursor: Cursor.optional() });

/** The public archive: sent issues, newest first, and a web page for each (safe HTML: sanitized when drafted). */
export function archiveRoutes(deps: { db: Kysely<NewsletterDb>; config: NewsletterConfig; pages: Pages }) {
  const { db, config, pages } = deps;
  const app = new Hono();

  app.get("/v1/issues", async (c) => {
    const q = parseInput(ArchiveQuery, c.req.query());
    let sel = db
      .selectFrom("newsletter_issue")
      .select(["id", "slug", "subject", "sent_at"])
      .where("status", "=", "sent")
      .orderBy("sent_at", "desc")
      .orderBy("id", "desc")
      .limit(q.limit + 1);
    if (q.cursor) {
      const d = decodeCursor(q.cursor) as { t?: unknown; i?: unknown } | null;
      if (typeof d?.t !== "string" || typeof d?.i !== "string") {
        throw invalidField("cursor", "must be a cursor returned by this API");
      }
      const { t, i } = d as { t: string; i: string };
      sel = sel.where((eb) => eb.or([eb("sent_at", "<", t), eb.and([eb("sent_at", "=", t), eb("id", "<", i)])]));
    }
    const rows = await sel.execute();
    const list = rows.slice(0, q.limit);
    const last = list.at(-1);
    c.header("Cache-Control", "public, max-age=60");
    return c.json({
      issues: list.map((r) => ({ slug: r.slug, subject: r.subject, sentAt: r.sent_at })),
      nextCursor: rows.length > q.limit && last ? encodeCursor({ t: last.sent_at, i: last.id }) : null,
    });
  });

  app.get("/v1/issues/:slug", async (c) => {
    const slug = c.req.param("slug");
    const issue = /^[a-z0-9-]{1,120}$/.test(slug) ? await findIssueBySlug(db, slug) : undefined;
    if (issue?.status !== "sent") throw new NotFound(`No published issue ${slug}.`);
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
<hr><p class="muted">${config.FOOTER}</p></article>`,
      { index: true, storedHtml: true },
    );
  });

  return app;
}
