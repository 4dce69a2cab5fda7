import { describe, expect, it } from "vitest";
import { answerChecker } from "./openapi-answers.ts";

// A small document in each version, with what the services' documents use: a $ref into components (recursive, as
// a comment's replies are), nullable fields, formats, path templates beside literal paths, problem+json, HTML.
const reply = (version: "3.0.3" | "3.1.0") => ({
  type: "object",
  properties: {
    id: { type: "string" },
    createdAt: { type: "string", format: "date-time" },
    editedAt: version === "3.0.3" ? { type: "string", nullable: true } : { type: ["string", "null"] },
    replies: { type: "array", items: { $ref: "#/components/schemas/Reply" } },
  },
  required: ["id", "createdAt", "editedAt", "replies"],
  additionalProperties: false,
});
const doc = (version: "3.0.3" | "3.1.0") => ({
  openapi: version,
  info: { title: "t", version: "1" },
  components: { schemas: { Reply: reply(version) } },
  paths: {
    "/v1/things/{id}": {
      get: {
        responses: {
          200: {
            description: "one",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Reply" } } },
          },
          404: { description: "none", content: { "application/problem+json": { schema: { type: "object" } } } },
        },
      },
      delete: { responses: { 202: { description: "queued" }, 204: { description: "gone" } } },
    },
    "/v1/things/count": {
      get: {
        responses: {
          200: {
            description: "n",
            content: {
              "application/json": { schema: { type: "object", properties: { n: { type: "integer", minimum: 0 } } } },
            },
          },
        },
      },
    },
    "/page": { get: { responses: { 200: { description: "a page", content: { "text/html": {} } } } } },
  },
});

const json = (body: unknown, status = 200, type = "application/json") =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": `${type}; charset=utf-8` } });
const thing = { id: "1", createdAt: "2026-12-07T12:00:00.000Z", editedAt: null, replies: [] };

describe.each(["3.0.3", "3.1.0"] as const)("answerChecker (OpenAPI %s)", (version) => {
  it("accepts an answer that matches, nested $refs included, and leaves the body readable", async () => {
    const answers = answerChecker(doc(version));
    const nested = { ...thing, replies: [{ ...thing, id: "2", editedAt: "2026-12-07T12:01:00.000Z" }] };
    const res = json(nested);
    expect(await answers.check("GET", "/v1/things/1", res)).toEqual([]);
    expect(await res.json()).toEqual(nested);
    expect(
      await answers.check(
        "GET",
        "https://blog.example/page?x=1",
        new Response("<p>hi</p>", { headers: { "Content-Type": "text/html" } }),
      ),
    ).toEqual([]);
  });

  it("names a field the schema forbids, a missing one, a wrong type and a bad format, however deep", async () => {
    const answers = answerChecker(doc(version));
    const { id: _, ...bad } = {
      ...thing,
      updatedAt: "x",
      replies: [{ ...thing, createdAt: "yesterday", editedAt: 3 }],
    };
    const problems = await answers.check("GET", "/v1/things/1", json(bad));
    expect(problems.join("\n")).toContain("must NOT have additional properties (updatedAt)");
    expect(problems.join("\n")).toContain("must have required property 'id'");
    expect(problems.join("\n")).toContain('/replies/0/createdAt must match format "date-time"');
    expect(problems.join("\n")).toContain("/replies/0/editedAt must be");
  });

  it("fails an undocumented status, an undocumented content type, a body where none is documented, an unknown path", async () => {
    const answers = answerChecker(doc(version));
    expect(await answers.check("GET", "/v1/things/1", json({}, 500))).toEqual([
      "GET /v1/things/1 → 500: status 500 is not documented for GET /v1/things/{id}",
    ]);
    expect(await answers.check("GET", "/v1/things/1", json({}, 404))).toEqual([
      "GET /v1/things/1 → 404: content type application/json is not documented (documented: application/problem+json)",
    ]);
    expect(await answers.check("GET", "/v1/things/1", json({}, 404, "application/problem+json"))).toEqual([]);
    expect(await answers.check("DELETE", "/v1/things/1", json({}, 202))).toEqual([
      "DELETE /v1/things/1 → 202: a body (application/json) where DELETE /v1/things/{id} documents none",
    ]);
    expect(await answers.check("DELETE", "/v1/things/1", new Response(null, { status: 204 }))).toEqual([]);
    expect(await answers.check("GET", "/page", json({}))).toEqual([
      "GET /page → 200: content type application/json is not documented (documented: text/html)",
    ]);
    expect(await answers.check("POST", "/v1/things/1", json({}))).toEqual([
      "POST /v1/things/1 → 200: no documented operation for this method and path",
    ]);
    expect(await answers.check("GET", "/v1/things/count", json({ n: -1 }))).toEqual([
      "GET /v1/things/count → 200: /n must be >= 0",
    ]);
  });

  it("prefers the literal path to a template, and lists the operations never exercised", async () => {
    const answers = answerChecker(doc(version));
    expect(answers.operationFor("GET", "/v1/things/count")).toBe("GET /v1/things/count");
    expect(answers.operationFor("GET", "/v1/things/7")).toBe("GET /v1/things/{id}");
    expect(answers.operationFor("GET", "/v1/things/")).toBeNull();
    await answers.check("GET", "/v1/things/count", json({ n: 1 }));
    await answers.check("GET", "/v1/things/7", json({}, 404, "application/problem+json"));
    expect(answers.unexercised()).toEqual(["DELETE /v1/things/{id}", "GET /page"]);
    expect(answers.exercised()).toEqual({ "GET /v1/things/{id}": ["404"], "GET /v1/things/count": ["200"] });
  });
});
