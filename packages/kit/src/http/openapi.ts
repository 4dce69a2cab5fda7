import { OpenAPIHono } from "@hono/zod-openapi";
import type { Hono } from "hono";
import { html, raw } from "hono/html";

/** The document's `info`: what the service is called, its API's version and a line on what it does. */
export type ApiInfo = {
  title: string;
  version: string;
  description?: string;
};

/** A service's OpenAPI 3.0 document, as `serviceDocument` makes it from the app's declared routes. */
export interface OpenApiDocument {
  openapi: string;
  info: ApiInfo;
  servers: { url: string }[];
  components: { schemas: Record<string, unknown>; securitySchemes: typeof SECURITY_SCHEMES };
  paths: Record<string, Record<string, unknown>>;
}

const SECURITY_SCHEMES = { bearer: { type: "http", scheme: "bearer" } };
const ADMIN_SECURITY = [{ bearer: [] }];
const ADMIN_PREFIX = "/v1/admin/";

/**
 * The service's document, from the routes the app declares (`addRoute`, @hono/zod-openapi). `servers` is PUBLIC_URL;
 * operations under /v1/admin/ need the bearer token (the admin guard's paths), every other one says `security: []`.
 */
export function serviceDocument(
  // biome-ignore lint/suspicious/noExplicitAny: any service app, whatever its Env
  app: Hono<any>,
  info: ApiInfo,
  publicUrl?: string,
): OpenApiDocument {
  const generated =
    app instanceof OpenAPIHono
      ? app.getOpenAPIDocument({ openapi: "3.0.3", info })
      : { paths: {}, components: { schemas: {} } };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, methods] of Object.entries(generated.paths ?? {})) paths[path] = { ...methods };
  for (const [path, methods] of Object.entries(paths)) {
    for (const op of Object.values(methods) as { security?: unknown }[]) {
      op.security ??= path.startsWith(ADMIN_PREFIX) ? ADMIN_SECURITY : [];
    }
  }
  anyValueWithoutNullable(paths);
  anyValueWithoutNullable(generated.components?.schemas);
  return {
    openapi: "3.0.3",
    info,
    servers: [{ url: publicUrl || "/" }],
    components: { schemas: { ...(generated.components?.schemas ?? {}) }, securitySchemes: SECURITY_SCHEMES },
    paths,
  };
}

/**
 * zod-to-openapi writes "any value" (`z.unknown()`, the rest of a `.passthrough()` object) as `{ nullable: true }`,
 * which OpenAPI 3.0 does not allow without a `type` (redocly's nullable-type-sibling); `{}` says the same.
 */
function anyValueWithoutNullable(node: unknown) {
  if (typeof node !== "object" || node === null) return;
  for (const [key, value] of Object.entries(node)) {
    if (isBareNullable(value)) (node as Record<string, unknown>)[key] = {};
    else anyValueWithoutNullable(value);
  }
}
const isBareNullable = (v: unknown) =>
  typeof v === "object" && v !== null && Object.keys(v).length === 1 && (v as { nullable?: unknown }).nullable === true;

/**
 * Serves the service's document (`serviceDocument`, built on first request, when every route is mounted) at
 * `/openapi.json` and `<docsPath>/openapi.json`, and a readable reference page at `docsPath`.
 */
export function mountOpenApi(
  // biome-ignore lint/suspicious/noExplicitAny: mounts on any service app, whatever its Env
  app: Hono<any>,
  info: ApiInfo,
  docsPath: string,
  publicUrl?: () => string,
) {
  let built: { doc: OpenApiDocument; json: string } | null = null;
  const document = () => {
    if (!built) {
      const doc = serviceDocument(app, info, publicUrl?.());
      built = { doc, json: JSON.stringify(doc) };
    }
    return built;
  };
  // biome-ignore lint/suspicious/noExplicitAny: mounts on any service app, whatever its Env
  const serve = (c: any) => c.body(document().json, 200, { "Content-Type": "application/json; charset=utf-8" });
  app.get("/openapi.json", serve);
  app.get(`${docsPath}/openapi.json`, serve);
  app.get(docsPath, (c) => c.html(referencePage(document().doc)));
  return () => document().doc;
}

function referencePage(doc: OpenApiDocument) {
  const sections = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const o = op as { summary: string; security?: unknown[]; requestBody?: unknown; responses: object };
      return html`<section>
        <h2><code>${method.toUpperCase()} ${path}</code>${o.security?.length ? html` <small>(${path.startsWith(ADMIN_PREFIX) ? "admin" : "bearer"} token)</small>` : ""}</h2>
        <p>${o.summary}</p>
        <details><summary>Schema</summary><pre>${JSON.stringify({ requestBody: o.requestBody, responses: o.responses }, null, 2)}</pre></details>
      </section>`;
    }),
  );
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${doc.info.title} — API reference</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
pre{background:#f5f5f5;padding:1rem;overflow:auto}h2{font-size:1.1rem;margin-top:2rem}
@media (prefers-color-scheme:dark){body{background:#111;color:#eee}pre{background:#222}}</style></head>
<body><h1>${doc.info.title} <small>${doc.info.version}</small></h1>
<p>${doc.info.description ?? ""} Machine-readable: <a href="docs/openapi.json">openapi.json</a>. Errors are
<code>application/problem+json</code> (RFC 9457).</p>
${raw(sections.join(""))}
</body></html>`;
}
