import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { limitBody, readBody } from "./body.ts";
import { renderError } from "./problem.ts";

// Over real HTTP: a body announced by Content-Length and a chunked one take different paths through limitBody.
let server: ReturnType<typeof serve>;
let port = 0;
beforeAll(async () => {
  const app = new Hono();
  app.use(limitBody(100));
  app.onError((err, c) => renderError(c, err, () => {}));
  app.post("/", async (c) => c.json((await readBody(c)).data as object));
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function post(chunks: string[], chunked: boolean): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const length = Buffer.byteLength(chunks.join(""));
    const req = request(
      {
        host: "127.0.0.1",
        port,
        method: "POST",
        path: "/",
        headers: {
          "content-type": "application/json",
          ...(chunked ? { "transfer-encoding": "chunked" } : { "content-length": String(length) }),
        },
      },
      (res) => {
        let body = "";
        res.on("data", (d) => {
          body += d;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

const json = (size: number) => JSON.stringify({ text: "x".repeat(size - 11) });

describe("limitBody and readBody over HTTP", () => {
  it("reads a body within the limit, announced or chunked", async () => {
    const body = json(90);
    expect(await post([body], false)).toEqual({ status: 200, body });
    expect(await post([body.slice(0, 40), body.slice(40)], true)).toEqual({ status: 200, body });
  });

  it("answers 413 past the limit, announced or chunked", async () => {
    const body = json(150);
    const announced = await post([body], false);
    expect(announced.status).toBe(413);
    expect(JSON.parse(announced.body).status).toBe(413);
    expect((await post([body.slice(0, 80), body.slice(80)], true)).status).toBe(413);
  });
});
