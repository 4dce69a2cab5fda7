import { createRoute } from "@hono/zod-openapi";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { serviceDocument } from "./openapi.ts";
import { renderError } from "./problem.ts";
import { badInputResponse } from "./route-docs.ts";
import { addRoute, routes } from "./routes.ts";

const Item = z.object({ name: z.string().min(1), size: z.coerce.number().int().max(10) });
const addItem = createRoute({
  method: "post",
  path: "/v1/lists/{list}/items",
  operationId: "addItem",
  summary: "Add an item.",
  request: {
    params: z.object({ list: z.string().regex(/^[a-z]+$/) }),
    query: z.object({ tag: z.array(z.string()).max(2).optional(), dry: z.enum(["yes", "no"]).optional() }),
    body: {
      content: {
        "application/json": { schema: Item },
        "application/x-www-form-urlencoded": { schema: Item },
      },
    },
  },
  responses: { 201: { description: "added", content: { "application/json": { schema: Item } } }, ...badInputResponse },
});

function app() {
  const a = routes();
  a.onError((err, c) => renderError(c, err, (e) => console.error(e)));
  addRoute(a, addItem, (c) =>
    c.json({ ...c.req.valid("json"), list: c.req.valid("param").list, tags: c.req.valid("query").tag ?? [] }, 201),
  );
  return a;
}
const post = (path: string, body: string, type?: string) =>
  app().request(path, { method: "POST", body, headers: type ? { "content-type": type } : {} });

describe("addRoute", () => {
  it("hands the handler the parsed path, query (lists whole) and JSON or form body", async () => {
    const json = await post("/v1/lists/shop/items?tag=a&tag=b", '{"name":"tea","size":"3"}', "application/json");
    expect(json.status).toBe(201);
    expect(await json.json()).toEqual({ name: "tea", size: 3, list: "shop", tags: ["a", "b"] });
    const form = await post("/v1/lists/shop/items", "name=milk&size=2", "application/x-www-form-urlencoded");
    expect(await form.json()).toEqual({ name: "milk", size: 2, list: "shop", tags: [] });
  });

  it("answers the contract's 400 naming every bad field of the path, query and body at once", async () => {
    const res = await post("/v1/lists/SHOP/items?dry=maybe", '{"name":"","size":11}', "application/json");
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const body = (await res.json()) as { errors: { path: string }[] };
    expect(body.errors.map((e) => e.path).sort()).toEqual(["dry", "list", "name", "size"]);
  });

  it("reads bodies as readBody does: malformed JSON is a 400, an unknown type a 415 naming what is taken", async () => {
    const malformed = await post("/v1/lists/shop/items", "{", "application/json");
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { errors: unknown[] }).errors).toEqual([
      { path: "(body)", message: "must be valid JSON" },
    ]);
    const xml = await post("/v1/lists/shop/items", "<item/>", "application/xml");
    expect(xml.status).toBe(415);
  });
});

describe("serviceDocument", () => {
  it("describes the declared routes: operation ids, security by path, servers from PUBLIC_URL", () => {
    const a = app();
    addRoute(
      a,
      createRoute({
        method: "get",
        path: "/v1/admin/lists",
        operationId: "listLists",
        summary: "Lists.",
        responses: { 200: { description: "ok" } },
      }),
      (c) => c.body(null, 200),
    );
    const doc = serviceDocument(a, { title: "T", version: "1" }, "https://blog.example");
    expect(doc.servers).toEqual([{ url: "https://blog.example" }]);
    const op = (path: string, method: string) => doc.paths[path][method] as { operationId: string; security: unknown };
    expect(op("/v1/lists/{list}/items", "post")).toMatchObject({ operationId: "addItem", security: [] });
    expect(op("/v1/admin/lists", "get")).toMatchObject({ security: [{ bearer: [] }] });
    expect(Object.keys(doc.components.schemas)).toContain("Problem");
  });

  it("checks a query alone once per query string: the same answer each time, a bad one refused each time", async () => {
    const search = createRoute({
      method: "get",
      path: "/v1/search",
      operationId: "search",
      summary: "Search.",
      request: {
        query: z.object({
          q: z.string().min(2),
          page: z.coerce.number().int().default(1),
          tag: z.array(z.string()).optional(),
        }),
      },
      responses: { 200: { description: "found" }, ...badInputResponse },
    });
    const a = routes();
    a.onError((err, c) => renderError(c, err, (e) => console.error(e)));
    const seen: unknown[] = [];
    addRoute(a, search, (c) => {
      const q = c.req.valid("query");
      seen.push(q);
      return c.json({ ...q, frozen: Object.isFrozen(q) && Object.isFrozen(q.tag) }, 200);
    });
    for (let i = 0; i < 2; i++) {
      const ok = await a.request("/v1/search?q=tea&tag=a&tag=b");
      expect(await ok.json()).toEqual({ q: "tea", page: 1, tag: ["a", "b"], frozen: true });
      expect((await a.request("/v1/search?q=t")).status).toBe(400);
    }
    expect(await (await a.request("/v1/search?q=milk&page=2")).json()).toMatchObject({ q: "milk", page: 2 });
    expect(seen[0]).toBe(seen[1]);
  });
});
