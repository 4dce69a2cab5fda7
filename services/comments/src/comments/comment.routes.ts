import { RateLimited } from "@parlor/kit";
import {
  bearerToken,
  encodedBody,
  parseInput,
  type RateLimiter,
  type RequestVars,
  readBody,
  readerLocale,
} from "@parlor/kit/http";
import { backUrl, type Pages, parseFormPost } from "@parlor/kit/pages";
import { CommentEdit } from "@parlor/validation";
import { CATALOGUES } from "@parlor/widget/strings";
import { type Context, Hono } from "hono";
import type { CommentsConfig } from "../config.ts";
import { READER_MAIL } from "../notifications/reader-mail.strings.ts";
import { CommentNotFound, commentIdParam } from "./comment.errors.ts";
import { crisisPage, formErrorPage, formToNewComment } from "./comment.form.ts";
import { CountsQuery, newCommentFor, ThreadQuery } from "./comment.schemas.ts";
import type { CommentService } from "./comment.service.ts";
import { withComment } from "./comment.view.ts";
import { ThreadClosed } from "./publish-policy.ts";
import type { ThreadReader } from "./thread.service.ts";

export interface CommentRouteDeps {
  config: CommentsConfig;
  comments: CommentService;
  threads: ThreadReader;
  limits: { hard: RateLimiter; soft: RateLimiter; preview: RateLimiter };
  clientHash: (c: Context) => string;
  publicUrl: () => string;
  pages: Pages;
}

/** The reader's endpoints: `/v1/comments…` and `/v1/counts`. */
export function commentRoutes(deps: CommentRouteDeps) {
  const app = new Hono<{ Variables: RequestVars }>();
  const NewComment = newCommentFor(deps.config.MODERATOR_NAME);

  /** Hard limit: 429. Soft limit: the comment is held with the `rate` flag. */
  async function limitWrites(c: Context) {
    const hash = deps.clientHash(c);
    const hard = await deps.limits.hard.consume(hash);
    if (!hard.allowed) throw new RateLimited(hard.retryAfterSeconds);
    const soft = await deps.limits.soft.consume(hash);
    return { hash, overSoftLimit: !soft.allowed };
  }

  /** The page a form post goes back to: its `returnTo` field or Referer, else the thread's page; on PUBLIC_URL. */
  const backTo = (
    c: Context,
    form: Record<string, string> | null,
    uri: string | undefined,
    outcome: string,
    anchor: string,
  ) =>
    backUrl(deps.publicUrl(), {
      candidates: [form?.returnTo, c.req.header("referer")],
      fallback: uri,
      outcome,
      anchor,
    });

  app.get("/v1/comments", async (c) => {
    const q = parseInput(ThreadQuery, c.req.query());
    const page = await deps.threads.page(q.uri, q.sort, q.limit, q.cursor);
    c.header("ETag", page.etag);
    c.header("Cache-Control", "no-cache");
    c.header("Vary", "Accept-Encoding");
    if (
      c.req
        .header("if-none-match")
        ?.split(/\s*,\s*/)
        .includes(page.etag)
    )
      return c.body(null, 304);
    const { bytes, encoding } = encodedBody(page, c.req.header("accept-encoding"));
    if (encoding) c.header("Content-Encoding", encoding);
    return c.body(bytes, 200, { "Content-Type": "application/json; charset=utf-8" });
  });

  app.get("/v1/counts", async (c) => {
    const q = parseInput(CountsQuery, { uri: c.req.queries("uri") ?? [] });
    return c.json({ counts: await deps.threads.counts(q.uri) });
  });

  app.get("/v1/comments/:id", async (c) => {
    const id = commentIdParam(c);
    const found = await deps.threads.permalink(id);
    if (!found) throw new CommentNotFound(id);
    return c.json(found);
  });

  app.post("/v1/comments", async (c) => {
    const parsed = await parseFormPost(c, NewComment, formToNewComment);
    const { form, html } = parsed;
    if (!parsed.ok) {
      const { errors } = parsed;
      const back = backTo(c, form, form?.uri, "error", "comments");
      return deps.pages.send(c, "Your comment was not posted", formErrorPage(errors, back, form?.body), {
        status: 400,
      });
    }
    const client = await limitWrites(c);
    const result = await deps.comments.create(parsed.data, client, readerLocale(c)).catch((e: unknown) => {
      // A reader without JavaScript goes back to the page, which says comments are closed (`?parlor=closed`).
      if (!(html && e instanceof ThreadClosed)) throw e;
      return null;
    });
    if (!result) {
      return c.redirect(backTo(c, form, parsed.data.uri, "closed", "comments"), 303);
    }
    const { row, ...created } = result;
    if (html) {
      const outcome = created.notice ? "crisis" : created.comment.status === "approved" ? "published" : "held";
      const anchor = outcome === "published" ? `comment-${row.id}` : "comments";
      const back = backTo(c, form, row.uri, outcome, anchor);
      if (created.notice) {
        const locale = readerLocale(c);
        if (locale === "en") {
          return deps.pages.send(c, "You are not alone", crisisPage(created.notice, back), { status: 201 });
        }
        const { crisis } = CATALOGUES[locale];
        const { language, pages } = READER_MAIL[locale];
        const words = { ...crisis, backToArticle: pages.backToArticle };
        return deps.pages.send(c, crisis.title, crisisPage(created.notice, back, words), {
          status: 201,
          language: { lang: language.lang, dir: language.dir, back: pages.back },
        });
      }
      return c.redirect(back, 303);
    }
    return c.json(created, 201);
  });

  // Stores nothing: renders like a post would, within its own limit (PREVIEW_RATE_LIMIT), not the writes' one.
  app.post("/v1/comments/preview", async (c) => {
    const input = parseInput(CommentEdit, (await readBody(c)).data);
    const limit = await deps.limits.preview.consume(deps.clientHash(c));
    if (!limit.allowed) throw new RateLimited(limit.retryAfterSeconds);
    c.header("Cache-Control", "no-store");
    return c.json(deps.comments.preview(input.body));
  });

  app.patch("/v1/comments/:id", async (c) => {
    const { data } = await readBody(c);
    const input = parseInput(CommentEdit, data);
    await limitWrites(c);
    return c.json(
      withComment(await deps.comments.edit(commentIdParam(c), bearerToken(c.req.header("authorization")), input.body)),
    );
  });

  app.delete("/v1/comments/:id", async (c) => {
    await limitWrites(c);
    await deps.comments.remove(commentIdParam(c), bearerToken(c.req.header("authorization")));
    return c.body(null, 204);
  });

  return app;
}
