import { OpenAPIHono } from "@hono/zod-openapi";
import { Problem } from "@parlor/validation";
import type { Hono } from "hono";
import { html, raw } from "hono/html";
import { z } from "zod";

export interface RouteDoc {
  method: "get" | "post" | "patch" | "delete";
  path: string; // OpenAPI style: /v1/comments/{id}
  summary: string;
  admin?: boolean;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** `schema`: the JSON answer (`application/problem+json` for Problem); `types`: the other media types it comes as. */
  responses: Record<number, { description: string; schema?: z.ZodType; types?: string[] }>;
}

/**
 * A zod schema as OpenAPI 3.0 JSON Schema. A schema with an `id` (`.meta({ id: "Comment" })`, recursive ones
 * included) becomes a `$ref` to `#/components/schemas/<id>`, its body kept in `components`.
 */
function schemaOf(s: z.ZodType, io: "input" | "output", components: Record<string, unknown>) {
  const out = z.toJSONSchema(s, { io, unrepresentable: "any", target: "openapi-3.0" }) as Record<string, unknown>;
  const json = JSON.stringify(out).replaceAll('"#/definitions/', '"#/components/schemas/');
  const { definitions, ...schema } = JSON.parse(json) as Record<string, unknown>;
  Object.assign(components, definitions ?? {});
  return schema;
}

function contentOf(res: { schema?: z.ZodType; types?: string[] }, components: Record<string, unknown>) {
  const content: Record<string, { schema?: object }> = {};
  if (res.schema)
    content[res.schema === Problem ? "application/problem+json" : "application/json"] = {
      schema: schemaOf(res.schema, "output", components),
    };
  // A JSON download's shape is not described here; any other type is text (HTML, CSV, Atom…).
  for (const type of res.types ?? []) content[type] = /json$/.test(type) ? {} : { schema: { type: "string" } };
  return content;
}

/**
 * Builds an OpenAPI 3.0 document from hand-written route descriptions (the routes not yet declared with `addRoute`;
 * `mountOpenApi` merges the two). Each operation gets an `operationId` from its method and path.
 */
export function buildOpenApi(info: { title: string; version: string; description?: string }, routes: RouteDoc[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  const schemas: Record<string, unknown> = {};
  for (const r of routes) {
    const params = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    const query = Object.entries(r.query?.shape ?? {}).map(([name, s]) => ({
      name,
      in: "query",
      required: !(s as z.ZodType).safeParse(undefined).success,
      schema: schemaOf(s as z.ZodType, "input", schemas),
    }));
    paths[r.path] ??= {};
    paths[r.path][r.method] = {
      summary: r.summary,
      operationId: operationIdOf(r.method, r.path),
      security: r.admin ? ADMIN_SECURITY : [],
      parameters: [...params, ...query],
      ...(r.body
        ? { requestBody: { content: { "application/json": { schema: schemaOf(r.body, "input", schemas) } } } }
        : {}),
      responses: Object.fromEntries(
        Object.entries(r.responses).map(([status, res]) => [
          status,
          {
            description: res.description,
            ...(res.schema || res.types ? { content: contentOf(res, schemas) } : {}),
          },
        ]),
      ),
    };
  }
  return {
    openapi: "3.0.3",
    info,
    servers: [] as { url: string }[],
    components: { schemas, securitySchemes: SECURITY_SCHEMES },
    paths,
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApi>;

const SECURITY_SCHEMES = { bearer: { type: "http", scheme: "bearer" } };
const ADMIN_SECURITY = [{ bearer: [] }];
const ADMIN_PREFIX = "/v1/admin/";

/** `post /v1/admin/comments/{id}/approve` → `postV1AdminCommentsIdApprove`: unique, since method and path are. */
function operationIdOf(method: string, path: string) {
  const words = path.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return method + words.map((w) => w[0].toUpperCase() + w.slice(1)).join("");
}

/**
 * The service's document: the routes the app declares (`addRoute`, @hono/zod-openapi), merged with the hand-written
 * `handWritten` document of the routes not yet moved. An operation described in both is a mistake and throws.
 * `servers` is PUBLIC_URL; operations under /v1/admin/ need the bearer token (the admin guard's paths), every other
 * one says `security: []`.
 */
export function serviceDocument(
  // biome-ignore lint/suspicious/noExplicitAny: any service app, whatever its Env
  app: Hono<any>,
  handWritten: OpenApiDocument,
  publicUrl?: string,
): OpenApiDocument {
  const generated =
    app instanceof OpenAPIHono
      ? app.getOpenAPIDocument({ openapi: "3.0.3", info: handWritten.info })
      : { paths: {}, components: { schemas: {} } };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, methods] of Object.entries(generated.paths ?? {})) paths[path] = { ...methods };
  for (const [path, methods] of Object.entries(handWritten.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (paths[path]?.[method]) throw new Error(`OpenAPI: ${method.toUpperCase()} ${path} is described twice`);
      paths[path] ??= {};
      paths[path][method] = op;
    }
  }
  for (const [path, methods] of Object.entries(paths)) {
    for (const op of Object.values(methods) as { security?: unknown }[]) {
      op.security ??= path.startsWith(ADMIN_PREFIX) ? ADMIN_SECURITY : [];
    }
  }
  anyValueWithoutNullable(paths);
  anyValueWithoutNullable(generated.components?.schemas);
  return {
    ...handWritten,
    servers: [{ url: publicUrl || "/" }],
    components: {
      schemas: { ...(generated.components?.schemas ?? {}), ...handWritten.components.schemas },
      securitySchemes: SECURITY_SCHEMES,
    },
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
 * Serves the service's document (`serviceDocument`: the app's routes and the hand-written rest, built on first
 * request, when every route is mounted) at `/openapi.json` and `<docsPath>/openapi.json`, and a readable reference
 * page at `docsPath`.
 */
export function mountOpenApi(
  // biome-ignore lint/suspicious/noExplicitAny: mounts on any service app, whatever its Env
  app: Hono<any>,
  handWritten: OpenApiDocument,
  docsPath: string,
  publicUrl?: () => string,
) {
  let built: { doc: OpenApiDocument; json: string } | null = null;
  const document = () => {
    if (!built) {
      const doc = serviceDocument(app, handWritten, publicUrl?.());
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
