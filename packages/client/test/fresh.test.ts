import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN_TOKEN,
  documentAt,
  generatedFile,
  SERVICES,
  type ServiceName,
  startService,
  typesOf,
} from "../scripts/documents.ts";
import { commentsClient, newsletterClient } from "../src/index.ts";

// Both services started once, as processes, for the whole file.
const running = {} as Record<ServiceName, Awaited<ReturnType<typeof startService>>>;
beforeAll(async () => {
  await Promise.all(
    SERVICES.map(async (s) => {
      running[s] = await startService(s);
    }),
  );
});
afterAll(async () => {
  await Promise.all(Object.values(running).map((r) => r.stop()));
});

// The committed types are what the services serve today: each live /openapi.json turned into types in memory and
// compared with the file. Stale: run `pnpm --filter @parlor/client generate` and commit.
describe("the generated types", () => {
  it.each(SERVICES)("of the %s service match its live document", async (service) => {
    const fresh = await typesOf(service, await documentAt(running[service].url));
    expect(await readFile(generatedFile(service), "utf8"), "stale: pnpm --filter @parlor/client generate").toBe(fresh);
  });
});

describe("the clients", () => {
  it("sign a reader up, read the archive and a thread, and send the moderators' token", async () => {
    const newsletter = newsletterClient(running.newsletter.url);
    const signup = await newsletter.POST("/v1/subscriptions", { body: { email: "ann@example.com", consent: true } });
    expect(signup.response.status).toBe(202);
    expect(signup.data).toEqual({ status: "pending" });
    const bad = await newsletter.POST("/v1/subscriptions", { body: { email: "nope", consent: true } });
    expect(bad.response.status).toBe(400);
    if (typeof bad.error !== "object") throw new Error(`not a problem: ${bad.error}`);
    expect(bad.error.errors?.map((e) => e.path)).toEqual(["email"]);
    const archive = await newsletter.GET("/v1/issues", { params: { query: { limit: 5 } } });
    expect(archive.data).toEqual({ issues: [], nextCursor: null });

    const anonymous = await newsletter.GET("/v1/admin/newsletter/subscribers", { params: { query: {} } });
    expect(anonymous.response.status).toBe(401);
    const admin = newsletterClient(running.newsletter.url, { token: ADMIN_TOKEN });
    const list = await admin.GET("/v1/admin/newsletter/subscribers", { params: { query: { status: "pending" } } });
    expect(list.data?.subscribers.map((s) => s.email)).toEqual(["ann@example.com"]);

    const comments = commentsClient(running.comments.url);
    const thread = await comments.GET("/v1/comments", { params: { query: { uri: "/blog/sleep/" } } });
    expect(thread.data).toMatchObject({ uri: "/blog/sleep", total: 0, comments: [] });
  });
});
