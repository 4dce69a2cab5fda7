import { getConnInfo } from "@hono/node-server/conninfo";
import { type Context, Hono } from "hono";
import { proxy } from "hono/proxy";
import type { ServiceName } from "./children.ts";
import { type Article, notFoundPage, renderDemoPage } from "./demo-page.ts";

/** The contract's routing table: public prefix → service. Everything else is the site. */
export const ROUTES: { prefix: string; service: ServiceName }[] = [
  { prefix: "/v1/comments", service: "comments" },
  { prefix: "/v1/counts", service: "comments" },
  { prefix: "/v1/admin/comments", service: "comments" },
  { prefix: "/comments", service: "comments" },
  { prefix: "/v1/subscriptions", service: "newsletter" },
  { prefix: "/v1/issues", service: "newsletter" },
  { prefix: "/v1/admin/newsletter", service: "newsletter" },
  { prefix: "/newsletter", service: "newsletter" },
];

/** The service a path belongs to: a prefix matches itself and what lies below it, not `/v1/commentsX`. */
export function serviceFor(pathname: string): ServiceName | null {
  for (const { prefix, service } of ROUTES) {
    if (pathname === prefix || pathname.startsWith(`${prefix}/`)) return service;
  }
  return null;
}

export interface GatewayOptions {
  /** Where a service listens right now, or undefined while it is not running (read on every request). */
  upstream: (service: ServiceName) => string | undefined;
  /** The demo article served at its path; `/` redirects there. */
  article: Article;
  /** Where a failed forward is reported (default: stderr). */
  log?: (line: string) => void;
}

// RFC 9110 §7.6.1: connection-specific headers are not forwarded. `host` is set by fetch from the target;
// `expect` is answered by Node's server already (and fetch refuses it).
const HOP_BY_HOP = [
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
  "expect",
];

function socketAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined; // app.request() in tests has no socket
  }
}

function problem(c: Context, status: 502 | 503, detail: string) {
  if (status === 503) c.header("Retry-After", "5");
  const body = { type: "about:blank", title: status === 503 ? "Service Unavailable" : "Bad Gateway", status, detail };
  return c.body(JSON.stringify(body), status, { "Content-Type": "application/problem+json" });
}

/**
 * The dev gateway as a Hono app: the contract's prefixes go to the services unchanged (no rewriting, no
 * redirect following), with the client's address appended to X-Forwarded-For as the production proxy does;
 * everything else is the demo site. Operator endpoints (/metrics, /openapi.json) are not routed.
 */
export function createGateway(options: GatewayOptions) {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const app = new Hono();

  app.get("/healthz", (c) => c.json({ status: "ok" }));

  app.all("*", async (c, next) => {
    const url = new URL(c.req.url);
    const service = serviceFor(url.pathname);
    if (!service) return next();
    const target = options.upstream(service);
    if (!target) return problem(c, 503, `The ${service} service is not running.`);

    const headers = new Headers(c.req.raw.headers);
    for (const token of (headers.get("connection") ?? "").split(",")) if (token.trim()) headers.delete(token.trim());
    for (const name of HOP_BY_HOP) headers.delete(name);
    const client = socketAddress(c);
    if (client) {
      const prior = headers.get("x-forwarded-for");
      headers.set("x-forwarded-for", prior ? `${prior}, ${client}` : client);
    }
    headers.set("x-forwarded-host", c.req.header("host") ?? url.host);
    headers.set("x-forwarded-proto", url.protocol.slice(0, -1));
    try {
      // hono's proxy streams the body (duplex "half") and drops hop-by-hop headers of the answer; "manual"
      // hands a 303 to the browser instead of following it here.
      return await proxy(`${target}${url.pathname}${url.search}`, { raw: c.req.raw, headers, redirect: "manual" });
    } catch (e) {
      if (c.req.raw.signal.aborted) return new Response(null, { status: 499 }); // the client left; nobody reads this
      log(`[gateway] ${c.req.method} ${url.pathname} → ${service}: ${(e as Error).message}`);
      return problem(c, 502, `The ${service} service did not answer.`);
    }
  });

  const articlePath = options.article.path;
  app.get("/", (c) => c.redirect(articlePath, 302));
  app.get(articlePath, (c) => {
    const nonce = crypto.randomUUID().replaceAll("-", "");
    c.header(
      "Content-Security-Policy",
      `default-src 'self'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src 'self' https:; ` +
        "form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'",
    );
    c.header("Referrer-Policy", "strict-origin-when-cross-origin");
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Cache-Control", "no-store");
    return c.html(renderDemoPage(options.article, { nonce, outcome: c.req.query("parlor") }));
  });
  app.notFound((c) => c.html(notFoundPage(articlePath), 404));
  return app;
}
