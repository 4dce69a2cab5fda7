import { parseInput, type RequestVars } from "@parlor/kit/http";
import { PageUri } from "@parlor/validation";
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { Feed } from "./feed.service.ts";

const FeedQuery = z.object({ uri: PageUri.optional() });

/**
 * `GET /comments/feed.atom?uri=/blog/post` (one page) or without `uri` (the whole site): the newest approved
 * comments as Atom. The public path sits under the `/comments/` prefix the proxy and gateway already route to
 * this service; `/v1/feed.atom` answers the same on the service's own port.
 */
export function feedRoutes(deps: { feed: Feed }) {
  const app = new Hono<{ Variables: RequestVars }>();
  const handler = async (c: Context) => {
    const { uri } = parseInput(FeedQuery, c.req.query());
    return c.body(await deps.feed.atom(uri), 200, {
      "Content-Type": "application/atom+xml; charset=utf-8",
      "Cache-Control": "public, max-age=300",
    });
  };
  app.get("/comments/feed.atom", handler);
  app.get("/v1/feed.atom", handler);
  return app;
}
