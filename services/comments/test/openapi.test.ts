import { redoclyErrors, swaggerParserProblem, undocumentedRoutes } from "@parlor/kit/testing/openapi";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./helpers.ts";

// The comments document as an integrator's tools see it: swagger-parser (every $ref resolving) and redocly's
// recommended rules, and every route the app serves described in it.

/** Served, and deliberately not in the document: the widget's files, the consoles, the document and its page. */
const EXEMPT = [
  "/comments/embed.js",
  "/comments/assets/*",
  "/comments/admin",
  "/comments/admin/",
  "/comments/docs",
  "/comments/docs/openapi.json",
  "/openapi.json",
];

let t: TestApp;
let doc: { paths: Record<string, Record<string, { operationId?: string }>> };
beforeAll(async () => {
  t = await createTestApp();
  doc = await (await t.app.request("/openapi.json")).json();
});

describe("the comments OpenAPI document", () => {
  it("is valid for swagger-parser and has no error under redocly's recommended rules", async () => {
    expect(await swaggerParserProblem(doc)).toBeNull();
    expect(await redoclyErrors(doc)).toEqual([]);
  });

  it("fails both when broken: a dangling $ref, a repeated operationId", async () => {
    const broken = structuredClone(doc) as typeof doc;
    const [first, second] = Object.values(broken.paths).flatMap((methods) => Object.values(methods));
    second.operationId = first.operationId;
    (broken.paths["/v1/comments/{id}/report"].post as Record<string, unknown>).requestBody = {
      content: { "application/json": { schema: { $ref: "#/components/schemas/NoSuchSchema" } } },
    };
    expect(await swaggerParserProblem(broken)).toMatch(/NoSuchSchema/);
    const errors = await redoclyErrors(broken);
    expect(errors.some((e) => e.startsWith("operation-operationId-unique"))).toBe(true);
    expect(errors.some((e) => e.startsWith("no-unresolved-refs"))).toBe(true);
  });

  it("describes every route the app serves", () => {
    expect(undocumentedRoutes(t.app, doc, EXEMPT)).toEqual([]);
  });
});
