import SwaggerParser from "@apidevtools/swagger-parser";
import { createConfig, lintFromString } from "@redocly/openapi-core";
import type { Hono } from "hono";

// What an integrator's tools say about a service's OpenAPI document, and whether every route the app serves is in it.

/** swagger-parser's verdict: null when the document is valid OpenAPI (every `$ref` resolving), else its message. */
export async function swaggerParserProblem(doc: object): Promise<string | null> {
  try {
    await SwaggerParser.validate(structuredClone(doc) as never);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

let recommended: ReturnType<typeof createConfig> | null = null;

/** `redocly lint` with the recommended rules, through its Node API: the errors, as `rule: message at pointer`. */
export async function redoclyErrors(doc: object): Promise<string[]> {
  recommended ??= createConfig({ extends: ["recommended"] });
  const problems = await lintFromString({
    source: JSON.stringify(doc),
    absoluteRef: "openapi.json",
    config: await recommended,
  });
  return problems
    .filter((p) => p.severity === "error")
    .map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? "?"}`);
}

/**
 * The routes `app` serves that `doc` does not describe, as `GET /path/{param}`. `exempt` lists what is served but
 * deliberately undocumented (widget assets, consoles, the docs themselves): exact paths, or prefixes ending in `*`.
 */
// biome-ignore lint/suspicious/noExplicitAny: any service app, whatever its Env
export function undocumentedRoutes(app: Hono<any>, doc: { paths: object }, exempt: string[]): string[] {
  const documented = new Set<string>();
  for (const [path, methods] of Object.entries(doc.paths))
    for (const method of Object.keys(methods as object)) documented.add(`${method.toUpperCase()} ${path}`);
  const isExempt = (path: string) =>
    exempt.some((e) => (e.endsWith("*") ? path.startsWith(e.slice(0, -1)) : path === e));
  const missing = new Set<string>();
  for (const r of app.routes) {
    if (r.method === "ALL" || r.path.endsWith("*")) continue; // middleware, not a route
    const path = r.path.replaceAll(/:([^/{}]+)(\{[^}]*\})?/g, "{$1}");
    if (isExempt(path)) continue;
    const key = `${r.method} ${path}`;
    if (!documented.has(key) && !(r.method === "HEAD" && documented.has(`GET ${path}`))) missing.add(key);
  }
  return [...missing].sort();
}
