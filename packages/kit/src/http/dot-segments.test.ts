import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { refuseDotSegments } from "./dot-segments.ts";
import { renderError } from "./problem.ts";

describe("dot segments", () => {
  it("never let a public prefix reach another path", async () => {
    const app = new Hono();
    app.onError((e, c) => renderError(c, e, () => {}));
    app.use("*", refuseDotSegments());
    app.get("/healthz", (c) => c.text("ok"));
    app.get("/comments/a.b/c", (c) => c.text("fine"));
    for (const path of [
      "/comments/%2e%2e/healthz",
      "/comments/%2E%2e/healthz",
      "/comments/.%2e/healthz",
      "/comments/%2e/../healthz",
    ]) {
      // As @hono/node-server hands it over: the raw request line in env.incoming.
      expect((await app.request(path, {}, { incoming: { url: path } })).status).toBe(404);
    }
    expect((await app.request("/healthz", {}, { incoming: { url: "/healthz" } })).status).toBe(200);
    expect((await app.request("/comments/a.b/c")).status).toBe(200);
  });
});
