import { createRoute } from "@hono/zod-openapi";
import { RateLimited } from "@parlor/kit";
import {
  addRoute,
  answerWith,
  answerWriteWith,
  badInputResponse,
  bearerToken,
  encodedBody,
  fastPost,
  fastRead,
  jsonContent,
  localeFromHeader,
  problemResponse,
  type RateLimiter,
  type ReadAnswer,
  type RequestFacts,
  type Routes,
  readerLocale,
  requestFacts,
  routes,
  type WriteAnswer,
} from "@parlor/kit/http";
import { backUrl, type Pages, parseFormPost } from "@parlor/kit/pages";
import {
  CommentEdit,
  CommentView,
  CreatedComment,
  NewComment,
  type NewComment as NewCommentInput,
  ThreadPage,
} from "@parlor/validation";
import { CATALOGUES } from "@parlor/widget/strings";
import type { Context, TypedResponse } from "hono";
import { z } from "zod";
import type { CommentsConfig } from "../config.ts";
import { READER_MAIL } from "../notifications/reader-mail.strings.ts";
import { CommentNotFound, commentIdParam } from "./comment.errors.ts";
import { crisisPage, formErrorPage, formToNewComment } from "./comment.form.ts";
import { CountsQuery, EditedComment, newCommentFor, quickNewCommentFor, ThreadQuery } from "./comment.schemas.ts";
import type { CommentService } from "./comment.service.ts";
import { withComment } from "./comment.view.ts";
import { ThreadClosed } from "./publish-policy.ts";
import type { ThreadPage as KeptPage, ThreadReader } from "./thread.service.ts";

export interface CommentRouteDeps {
  config: CommentsConfig;
  comments: CommentService;
  threads: ThreadReader;
  limits: { hard: RateLimiter; soft: RateLimiter; preview: RateLimiter };
  clientHash: (request: Context | RequestFacts) => string;
  publicUrl: () => string;
  pages: Pages;
}

const html = { "text/html": { schema: z.string() } };
const IdParam = z.object({ id: z.string() });
/** The edit token handed out with a new comment, as `Authorization: Bearer`. */
const editToken = [{ bearer: [] }];

/** The fields of the no-JavaScript form (the widget's fallback): one flat set, read as a NewComment. */
const CommentFormFields = z.object({
  uri: z.string(),
  parentId: z.string().optional(),
  name: z.string(),
  email: z.string().optional(),
  website: z.string().optional(),
  body: z.string(),
  notifyReplies: z.enum(["on", "true", "1"]).optional(),
  pageTitle: z.string().optional(),
  returnTo: z.string().optional().describe("the page to go back to (on PUBLIC_URL's origin), else the Referer"),
  homepage: z.string().optional().describe("the honeypot: left empty by people"),
});

const getThread = createRoute({
  method: "get",
  path: "/v1/comments",
  operationId: "getThread",
  summary: "A page's approved comments, top level paginated, replies nested. ETag/304.",
  request: { query: ThreadQuery },
  responses: {
    200: { description: "the thread", content: jsonContent(ThreadPage) },
    304: { description: "not modified (If-None-Match)" },
    ...badInputResponse,
  },
});

const getCounts = createRoute({
  method: "get",
  path: "/v1/counts",
  operationId: "getCounts",
  summary: "Approved comment counts for up to 100 pages (`?uri=a&uri=b`).",
  request: { query: CountsQuery },
  responses: {
    200: {
      description: "counts by uri",
      content: jsonContent(z.object({ counts: z.record(z.string(), z.number().int()) })),
    },
    ...badInputResponse,
  },
});

const getComment = createRoute({
  method: "get",
  path: "/v1/comments/{id}",
  operationId: "getComment",
  summary: "One approved comment, its page and the cursor of the page that holds it.",
  request: { params: IdParam },
  responses: {
    200: {
      description: "the comment",
      content: jsonContent(z.object({ comment: CommentView, uri: z.string(), cursor: z.string() })),
    },
    404: problemResponse("no such approved comment"),
  },
});

const postComment = createRoute({
  method: "post",
  path: "/v1/comments",
  operationId: "postComment",
  summary:
    "Post a comment (JSON, or the no-JavaScript HTML form). Held for moderation unless the policy approves it. A " +
    "form post is answered with a redirect back to the page, or a page (refused input, a crisis notice).",
  readsBody: "handler" as const,
  request: {
    body: {
      required: true,
      content: {
        ...jsonContent(NewComment),
        "application/x-www-form-urlencoded": { schema: CommentFormFields },
        "multipart/form-data": { schema: CommentFormFields },
      },
    },
  },
  responses: {
    201: {
      description: "created (a form post whose comment carries a crisis notice gets the notice as a page)",
      content: { ...jsonContent(CreatedComment), ...html },
    },
    303: { description: "form post: back to the page (`?parlor=published|held|closed`)" },
    400: {
      description: "invalid input: `errors` names every bad field (a form post: a page that keeps the text)",
      content: { ...badInputResponse[400].content, ...html },
    },
    409: problemResponse("the page's thread is closed: it takes no new comments"),
    413: problemResponse("body too large"),
    415: problemResponse("unsupported content type"),
    429: problemResponse("rate limited"),
  },
});

const previewComment = createRoute({
  method: "post",
  path: "/v1/comments/preview",
  operationId: "previewComment",
  summary:
    "Render a comment's Markdown as posting it would (same renderer, sanitizer and image rules; the same `html` the " +
    "posted comment gets), storing nothing. Limited per client by PREVIEW_RATE_LIMIT.",
  request: { body: { required: true, content: jsonContent(CommentEdit) } },
  responses: {
    200: { description: "the rendered HTML", content: jsonContent(z.object({ html: z.string() })) },
    ...badInputResponse,
    413: problemResponse("body too large"),
    415: problemResponse("unsupported content type"),
    429: problemResponse("rate limited"),
  },
});

const editComment = createRoute({
  method: "patch",
  path: "/v1/comments/{id}",
  operationId: "editComment",
  summary:
    "Edit your comment with its edit token (Bearer) within the edit window. The edit is screened like a new " +
    "comment; under MODERATION=all the edit of a published comment is published only where a new comment would " +
    "be (a trusted commenter, nothing flagged), otherwise the published text stays and the answer carries " +
    "`revision` (`status: pending`, the new `html`, its `flags` with `edited`) and a `notice` (`kind: edit_held`).",
  security: editToken,
  request: { params: IdParam, body: { required: true, content: jsonContent(CommentEdit) } },
  responses: {
    200: {
      description: "the comment as readers see it now, with `revision` and `notice` when the edit waits",
      content: jsonContent(EditedComment),
    },
    ...badInputResponse,
    403: problemResponse("wrong token or window closed"),
    404: problemResponse("no such comment"),
    429: problemResponse("rate limited"),
  },
});

const deleteComment = createRoute({
  method: "delete",
  path: "/v1/comments/{id}",
  operationId: "deleteComment",
  summary: "Delete your comment with its edit token (Bearer) within the edit window.",
  security: editToken,
  request: { params: IdParam },
  responses: {
    204: { description: "deleted" },
    403: problemResponse("wrong token or window closed"),
    404: problemResponse("no such comment"),
    429: problemResponse("rate limited"),
  },
});

/**
 * A thread page: 304 when `If-None-Match` names its ETag, else its bytes (built once per thread version), brotli or
 * gzip when the client takes it. The route and its fast lane both answer with this; synchronously when the page is
 * kept and still current (ThreadReader.cachedPage).
 */
export function threadAnswer(
  threads: ThreadReader,
  q: z.output<typeof ThreadQuery>,
  header: (name: string) => string | undefined,
): ReadAnswer | Promise<ReadAnswer> {
  const kept = threads.cachedPage(q.uri, q.sort, q.limit, q.cursor);
  if (kept) return pageAnswer(kept, header);
  return threads.page(q.uri, q.sort, q.limit, q.cursor).then((page) => pageAnswer(page, header));
}

// Each page's header lists, made once: its 304's, and its 200's for each encoding.
const pageHeaders = new WeakMap<KeptPage, Partial<Record<"304" | "200" | "br" | "gzip", [string, string][]>>>();

function pageAnswer(page: KeptPage, header: (name: string) => string | undefined): ReadAnswer {
  let lists = pageHeaders.get(page);
  if (!lists) {
    lists = {};
    pageHeaders.set(page, lists);
  }
  const common = (): [string, string][] => [
    ["etag", page.etag],
    ["cache-control", "no-cache"],
    ["vary", "Accept-Encoding"],
  ];
  const inm = header("if-none-match");
  if (inm !== undefined && (inm === page.etag || inm.split(/\s*,\s*/).includes(page.etag))) {
    lists["304"] ??= common();
    return { status: 304, headers: lists["304"], body: null };
  }
  const { bytes, encoding } = encodedBody(page, header("accept-encoding"));
  const which = encoding ?? "200";
  lists[which] ??= [
    ...common(),
    ...(encoding ? [["content-encoding", encoding] as [string, string]] : []),
    ["content-type", "application/json; charset=utf-8"],
  ];
  return { status: 200, headers: lists[which], body: bytes };
}

const COUNTS_HEADERS: [string, string][] = [["content-type", "application/json"]];

/** The counts of a list of pages, as bytes kept until the store changes (ThreadReader.countsBody). */
export function countsAnswer(threads: ThreadReader, q: z.output<typeof CountsQuery>): ReadAnswer | Promise<ReadAnswer> {
  const kept = threads.cachedCounts(q.uri);
  if (kept) return { status: 200, headers: COUNTS_HEADERS, body: kept };
  return threads.countsBody(q.uri).then((body) => ({ status: 200, headers: COUNTS_HEADERS, body }));
}

/** The thread read and counts, the hottest public reads, on the shell's fast lane (fastRead). */
export function commentFastReads(app: Routes, threads: ThreadReader) {
  fastRead(app, getThread, (q, header) => threadAnswer(threads, q, header));
  fastRead(app, getCounts, (q) => countsAnswer(threads, q));
}

const CREATED_HEADERS: [string, string][] = [["content-type", "application/json"]];

/**
 * The writes of readers as both roads run them: the rate limits, and a JSON post's answer, which the route's handler
 * and the post's fast lane (fastPost) both answer with.
 */
function readerWrites(deps: CommentRouteDeps) {
  /** Hard limit: 429. Soft limit: the comment is held with the `rate` flag. */
  async function limitWrites(request: Context | RequestFacts) {
    const hash = deps.clientHash(request);
    const hard = await deps.limits.hard.consume(hash);
    if (!hard.allowed) throw new RateLimited(hard.retryAfterSeconds);
    const soft = await deps.limits.soft.consume(hash);
    return { hash, overSoftLimit: !soft.allowed };
  }

  /** A JSON client's post: 201 with the new comment, its edit token and any notice; the log line gets its id. */
  async function postAnswer(input: NewCommentInput, request: RequestFacts): Promise<WriteAnswer> {
    const client = await limitWrites(request);
    const locale = localeFromHeader(request.header("accept-language"));
    const { row: _row, logged, ...created } = await deps.comments.create(input, client, locale);
    return { status: 201, headers: CREATED_HEADERS, body: Buffer.from(JSON.stringify(created)), logged };
  }

  return { limitWrites, postAnswer, schema: newCommentFor(deps.config.MODERATOR_NAME) };
}

/**
 * A comment post from a JSON client on the shell's fast lane (fastPost), answered as its route answers it; its body
 * checked by quickNewCommentFor, which gives the route's schema's own value.
 */
export function commentFastPost(app: Routes, deps: CommentRouteDeps) {
  const { postAnswer } = readerWrites(deps);
  fastPost(app, postComment, quickNewCommentFor(deps.config.MODERATOR_NAME), postAnswer);
}

/** The reader's endpoints: `/v1/comments…` and `/v1/counts`. */
export function commentRoutes(deps: CommentRouteDeps) {
  const app = routes();
  const { limitWrites, postAnswer, schema: NewCommentHere } = readerWrites(deps);

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

  addRoute(app, getThread, async (c) => {
    const answer = await threadAnswer(deps.threads, c.req.valid("query"), (name) => c.req.header(name));
    return answerWith(c, answer);
  });

  // The answer comes serialized (kept as bytes until the store changes): typed as the JSON it is.
  addRoute(
    app,
    getCounts,
    async (c) =>
      answerWith(c, await countsAnswer(deps.threads, c.req.valid("query"))) as unknown as TypedResponse<
        { counts: Record<string, number> },
        200,
        "json"
      >,
  );

  addRoute(app, getComment, async (c) => {
    const id = commentIdParam(c);
    const found = await deps.threads.permalink(id);
    if (!found) throw new CommentNotFound(id);
    return c.json(found, 200);
  });

  addRoute(app, postComment, async (c) => {
    const parsed = await parseFormPost(c, NewCommentHere, formToNewComment);
    const { form, html } = parsed;
    if (!parsed.ok) {
      const { errors } = parsed;
      const back = backTo(c, form, form?.uri, "error", "comments");
      return deps.pages.send(c, "Your comment was not posted", formErrorPage(errors, back, form?.body), {
        status: 400,
      });
    }
    // A JSON client: the answer its fast lane gives too (commentFastPost).
    if (!html) return answerWriteWith(c, await postAnswer(parsed.data, requestFacts(c)));
    const client = await limitWrites(c);
    const result = await deps.comments.create(parsed.data, client, readerLocale(c)).catch((e: unknown) => {
      // A reader without JavaScript goes back to the page, which says comments are closed (`?parlor=closed`).
      if (!(e instanceof ThreadClosed)) throw e;
      return null;
    });
    if (!result) {
      return c.redirect(backTo(c, form, parsed.data.uri, "closed", "comments"), 303);
    }
    const { row, logged, ...created } = result;
    c.set("logged", logged);
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
  });

  // Stores nothing: renders like a post would, within its own limit (PREVIEW_RATE_LIMIT), not the writes' one.
  addRoute(app, previewComment, async (c) => {
    const input = c.req.valid("json");
    const limit = await deps.limits.preview.consume(deps.clientHash(c));
    if (!limit.allowed) throw new RateLimited(limit.retryAfterSeconds);
    c.header("Cache-Control", "no-store");
    return c.json(deps.comments.preview(input.body), 200);
  });

  addRoute(app, editComment, async (c) => {
    const input = c.req.valid("json");
    await limitWrites(c);
    const token = bearerToken(c.req.header("authorization"));
    return c.json(withComment(await deps.comments.edit(commentIdParam(c), token, input.body)), 200);
  });

  addRoute(app, deleteComment, async (c) => {
    await limitWrites(c);
    await deps.comments.remove(commentIdParam(c), bearerToken(c.req.header("authorization")));
    return c.body(null, 204);
  });

  return app;
}
