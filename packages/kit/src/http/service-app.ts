import type { Context, MiddlewareHandler, Next } from "hono";
import type { Kysely } from "kysely";
import { NotFound } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import type { Metrics } from "../core/metrics.ts";
import { DEFAULT_BODY_LIMIT, limitBody } from "./body.ts";
import { hasDotSegments } from "./dot-segments.ts";
import { registerShell } from "./fast-lane.ts";
import { healthRoutes } from "./health.ts";
import { type ApiInfo, mountOpenApi } from "./openapi.ts";
import { notFoundProblem, renderError } from "./problem.ts";
import { requestLogger } from "./request-log.ts";
import { type Routes, routes } from "./routes.ts";
import { addSecurityHeaders } from "./security-headers.ts";

/** The service's app: an OpenAPIHono, so the routes its route files declare (`addRoute`) make its document. */
export type ServiceApp = Routes;

export interface ServiceAppOptions {
  logger: Logger;
  metrics: Metrics;
  /** Who may reach the admin paths (the kit's adminGuard, or a service's own choice between guards). */
  guard: MiddlewareHandler;
  /** The body limit of a write to `path`, when it is not the kit's default (a CSV import takes more). */
  bodyLimit?: (path: string) => number | undefined;
}

/**
 * The one HTTP shell of a service, before its routes: the error road (problem+json, unknown errors logged with the
 * request id), 404 as problem+json, then in this order the request log, security headers, metrics, the refusal of
 * dot segments, the admin guard and a body limit on every write (the pages behind email links included).
 *
 *   const app = serviceApp({ logger, metrics, guard: adminGuard(() => [hash], "/v1/admin", moderators.identify) });
 *   app.route("/", commentRoutes(services));
 *   finishServiceApp(app, { db, metrics, apiInfo: { title: "Parlor comments", version: "1" }, docsPath, publicUrl });
 */
export function serviceApp(options: ServiceAppOptions): ServiceApp {
  const { logger, metrics, guard } = options;
  const app = routes();
  const onError = (err: Error, c: Context) =>
    renderError(c, err, (e) => logger.error({ reqId: c.var.requestId, err: e }, "unhandled error"));
  app.onError(onError);
  app.notFound(notFoundProblem);
  const log = requestLogger(logger);
  // The fast lanes (fastRead, fastPost) log, count, limit bodies and log unknown errors as this shell does.
  registerShell(app, {
    log,
    metrics,
    bodyLimit: (path) => options.bodyLimit?.(path) || DEFAULT_BODY_LIMIT,
    unhandled: (requestId, err) => logger.error({ reqId: requestId, err }, "unhandled error"),
  });
  const defaultLimit = limitBody();
  const limits = new Map<number, MiddlewareHandler>();
  const limited = (c: Context, next: Next) => {
    const max = options.bodyLimit?.(c.req.path);
    if (!max) return defaultLimit(c, next);
    let limit = limits.get(max);
    if (!limit) {
      limit = limitBody(max);
      limits.set(max, limit);
    }
    return limit(c, next);
  };
  // One middleware, not six: each layer of Hono's chain is an async call and a closure per request, and the hot
  // reads (a 304 above all) are little else. The order is the one above; a refusal (dot segments, the guard, the
  // body limit) is answered through onError here, so it is logged, measured and carries the headers too.
  app.use("*", async (c, next) => {
    const startedAt = performance.now();
    const requestId = log.start(c);
    try {
      if (hasDotSegments(c)) throw new NotFound("No such path.");
      const { method } = c.req;
      await guard(c, method === "GET" || method === "HEAD" ? next : async () => void (await limited(c, next)));
    } catch (err) {
      if (!(err instanceof Error)) throw err;
      c.error = err;
      c.res = await onError(err, c);
    }
    addSecurityHeaders(c);
    metrics.record(c, startedAt);
    log.finish(c, requestId, startedAt);
  });
  return app;
}

/**
 * What follows a service's routes: `/healthz`, `/metrics`, `/openapi.json` with its reference page at `docsPath`,
 * and `assets` (the widget's scripts). The document describes the routes declared with `addRoute`, under `apiInfo`
 * (its title, version and description); `servers` is `publicUrl()` (PUBLIC_URL).
 */
export function finishServiceApp(
  app: ServiceApp,
  options: {
    // biome-ignore lint/suspicious/noExplicitAny: any service's store
    db: Kysely<any>;
    metrics: Metrics;
    apiInfo: ApiInfo;
    docsPath: string;
    publicUrl?: () => string;
    assets?: (app: ServiceApp) => void;
  },
) {
  options.assets?.(app);
  app.route("/", healthRoutes(options.db, options.metrics));
  mountOpenApi(app, options.apiInfo, options.docsPath, options.publicUrl);
  return app;
}
