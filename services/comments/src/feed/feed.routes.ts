import { createRoute } from "@hono/zod-openapi";
import { addRoute, badInputResponse, routes } from "@parlor/kit/http";
import { PageUri } from "@parlor/validation";
import { z } from "zod";
import type { Feed } from "./feed.service.ts";

const FeedQuery = z.object({ uri: PageUri.optional() });

/** The same feed at both paths: the public one under `/comments/`, and `/v1/feed.atom` on the service's own port. */
const feedRoute = (path: string, operationId: string) =>
  createRoute({
    method: "get",
    path,
    operationId,
    summary:
      "An Atom feed of the newest 50 approved comments of one page (`uri`) or of the whole site (no `uri`)." +
      (path.startsWith("/v1/") ? " The same as `/comments/feed.atom`, on the service's own port." : ""),
    request: { query: FeedQuery },
    responses: {
      200: { description: "the feed (RFC 4287)", content: { "application/atom+xml": { schema: z.string() } } },
      ...badInputResponse,
    },
  });

/**
 * `GET /comments/feed.atom?uri=/blog/post` (one page) or without `uri` (the whole site): the newest approved
 * comments as Atom. The public path sits under the `/comments/` prefix the proxy and gateway already route to
 * this service; `/v1/feed.atom` answers the same on the service's own port.
 */
export function feedRoutes(deps: { feed: Feed }) {
  const app = routes();
  for (const route of [feedRoute("/comments/feed.atom", "getCommentsFeed"), feedRoute("/v1/feed.atom", "getFeed")]) {
    addRoute(app, route, async (c) =>
      c.body(await deps.feed.atom(c.req.valid("query").uri), 200, {
        "Content-Type": "application/atom+xml; charset=utf-8",
        "Cache-Control": "public, max-age=300",
      }),
    );
  }
  return app;
}
