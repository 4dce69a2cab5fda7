import { parseInput, type RequestVars } from "@parlor/kit/http";
import { PageUri } from "@parlor/validation";
import { type Context, Hono } from "hono";
import type { Kysely } from "kysely";
import { z } from "zod";
import type { CommentRow, CommentsDb } from "../db/schema.ts";
import { renderAtom } from "./feed.atom.ts";

const FeedQuery = z.object({ uri: PageUri.optional() });
const ENTRIES = 50;

/**
 * `GET /comments/feed.atom?uri=/blog/post` (one page) or without `uri` (the whole site): the newest approved
 * comments as Atom. The public path sits under the `/comments/` prefix the proxy and gateway already route to
 * this service; `/v1/feed.atom` answers the same on the service's own port.
 */
export function feedRoutes(deps: {
  db: Kysely<CommentsDb>;
  publicUrl: () => string;
  siteName: string;
  clock: { now(): Date };
}) {
  const app = new Hono<{ Variables: RequestVars }>();
  const handler = async (c: Context) => {
    const { uri } = parseInput(FeedQuery, c.req.query());
    let q = deps.db.selectFrom("comment").selectAll().where("status", "=", "approved").where("deleted_at", "is", null);
    if (uri) q = q.where("uri", "=", uri);
    const rows = await q.orderBy("created_at", "desc").orderBy("id", "desc").limit(ENTRIES).execute();
    const base = deps.publicUrl().replace(/\/$/, "");
    const selfUrl = `${base}/comments/feed.atom${uri ? `?uri=${encodeURIComponent(uri)}` : ""}`;
    const permalink = (r: CommentRow) => `${base}${r.uri}?parlor-comment=${r.id}#comment-${r.id}`;
    const body = renderAtom({
      selfUrl,
      title: uri ? `Comments on ${uri}` : `Comments on ${deps.siteName}`,
      alternateUrl: `${base}${uri ?? "/"}`,
      rows,
      permalink,
      now: deps.clock.now(),
    });
    return c.body(body, 200, {
      "Content-Type": "application/atom+xml; charset=utf-8",
      "Cache-Control": "public, max-age=300",
    });
  };
  app.get("/comments/feed.atom", handler);
  app.get("/v1/feed.atom", handler);
  return app;
}
