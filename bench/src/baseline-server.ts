// The ceiling: a bare Hono route on @hono/node-server answering a fixed body of a given size, nothing else.
// GET or POST /fixed/<status>/<bytes>; a POST reads its body first, as a real write route would.
import { serve } from "@hono/node-server";
import { Hono } from "hono";

const bodies = new Map<number, string>();
const bodyOf = (size: number) => {
  let body = bodies.get(size);
  if (body === undefined) {
    body = size >= 2 ? `"${"x".repeat(size - 2)}"` : "";
    bodies.set(size, body);
  }
  return body;
};

const app = new Hono();
app.get("/healthz", (c) => c.json({ status: "ok" }));
app.on(["GET", "POST"], "/fixed/:status/:size", async (c) => {
  if (c.req.method === "POST") await c.req.text();
  const status = Number(c.req.param("status"));
  if (status === 304) return c.body(null, 304);
  return c.body(bodyOf(Number(c.req.param("size"))), status as 200, {
    "Content-Type": "application/json; charset=utf-8",
  });
});
const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info) => {
  process.stdout.write(`listening on http://127.0.0.1:${info.port}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
