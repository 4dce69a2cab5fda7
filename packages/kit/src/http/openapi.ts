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

const schemaOf = (s: z.ZodType, io: "input" | "output") =>
  z.toJSONSchema(s, { io, unrepresentable: "any", target: "openapi-3.0" }) as Record<string, unknown>;

function contentOf(res: { schema?: z.ZodType; types?: string[] }) {
  const content: Record<string, { schema?: object }> = {};
  if (res.schema)
    content[res.schema === Problem ? "application/problem+json" : "application/json"] = {
      schema: schemaOf(res.schema, "output"),
    };
  // A JSON download's shape is not described here; any other type is text (HTML, CSV, Atom…).
  for (const type of res.types ?? []) content[type] = /json$/.test(type) ? {} : { schema: { type: "string" } };
  return content;
}

/** Builds an OpenAPI 3.0 document from route descriptions whose shapes are the zod schemas the code validates with. */
export function buildOpenApi(info: { title: string; version: string; description?: string }, routes: RouteDoc[]) {
  const paths: Record<string, Record<string, unknown>> = {};
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
      schema: schemaOf(s as z.ZodType, "input"),
    }));
    paths[r.path] ??= {};
    paths[r.path][r.method] = {
      summary: r.summary,
      ...(r.admin ? { security: [{ bearer: [] }] } : {}),
      parameters: [...params, ...query],
      ...(r.body ? { requestBody: { content: { "application/json": { schema: schemaOf(r.body, "input") } } } } : {}),
      responses: Object.fromEntries(
        Object.entries(r.responses).map(([status, res]) => [
          status,
          {
            description: res.description,
            ...(res.schema || res.types ? { content: contentOf(res) } : {}),
          },
        ]),
      ),
    };
  }
  return {
    openapi: "3.0.3",
    info,
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    paths,
  };
}

/** Serves the document at `/openapi.json` and `<docsPath>.json`, and a readable reference page at `docsPath`. */
// biome-ignore lint/suspicious/noExplicitAny: mounts on any service app, whatever its Env
export function mountOpenApi(app: Hono<any>, doc: ReturnType<typeof buildOpenApi>, docsPath: string) {
  const json = JSON.stringify(doc);
  // biome-ignore lint/suspicious/noExplicitAny: mounts on any service app, whatever its Env
  const serve = (c: any) => c.body(json, 200, { "Content-Type": "application/json; charset=utf-8" });
  app.get("/openapi.json", serve);
  app.get(`${docsPath}/openapi.json`, serve);
  app.get(docsPath, (c) => c.html(referencePage(doc)));
}

function referencePage(doc: ReturnType<typeof buildOpenApi>) {
  const sections = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const o = op as { summary: string; security?: unknown; requestBody?: unknown; responses: object };
      return html`<section>
        <h2><code>${method.toUpperCase()} ${path}</code>${o.security ? html` <small>(admin token)</small>` : ""}</h2>
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
