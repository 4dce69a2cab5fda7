import { redoclyErrors, swaggerParserProblem, undocumentedRoutes } from "@parlor/kit/testing/openapi";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./helpers.ts";

// The newsletter document as an integrator's tools see it: swagger-parser (every $ref resolving) and redocly's
// recommended rules, and every route the app serves described in it.

/** Served, and deliberately not in the document: the widget's files, the console, the document and its page. */
const EXEMPT = [
  "/newsletter/embed.js",
  "/newsletter/assets/*",
  "/newsletter/admin",
  "/newsletter/admin/",
  "/newsletter/docs",
  "/newsletter/docs/openapi.json",
  "/openapi.json",
];

let t: TestApp;
let doc: { paths: Record<string, Record<string, { operationId?: string }>>; servers: unknown };
beforeAll(async () => {
  t = await createTestApp();
  doc = await (await t.app.request("/openapi.json")).json();
});

describe("the newsletter OpenAPI document", () => {
  it("is valid for swagger-parser and has no error under redocly's recommended rules", async () => {
    expect(await swaggerParserProblem(doc)).toBeNull();
    expect(await redoclyErrors(doc)).toEqual([]);
    expect(doc.servers).toEqual([{ url: "https://blog.example" }]);
  });

  it("fails both when broken: a dangling $ref, a repeated operationId", async () => {
    const broken = structuredClone(doc) as typeof doc;
    const [first, second] = Object.values(broken.paths).flatMap((methods) => Object.values(methods));
    second.operationId = first.operationId;
    (broken.paths["/v1/subscriptions"].post as Record<string, unknown>).requestBody = {
      content: { "application/json": { schema: { $ref: "#/components/schemas/NoSuchSchema" } } },
    };
    expect(await swaggerParserProblem(broken)).toMatch(/NoSuchSchema/);
    const errors = await redoclyErrors(broken);
    expect(errors.some((e) => e.startsWith("operation-operationId-unique"))).toBe(true);
    expect(errors.some((e) => e.startsWith("no-unresolved-refs"))).toBe(true);
  });

  it("describes every route the app serves, and says which one when a route is left out", () => {
    expect(undocumentedRoutes(t.app, doc, EXEMPT)).toEqual([]);
    const { "/v1/admin/newsletter/stats": _, ...fewer } = doc.paths;
    expect(undocumentedRoutes(t.app, { paths: fewer }, EXEMPT)).toEqual(["GET /v1/admin/newsletter/stats"]);
  });
});
