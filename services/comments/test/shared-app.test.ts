import { beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./helpers.ts";

// One app shared by the tests of a file, made in beforeAll: it stays open until the file ends. (Its store used to
// be closed after the first test, by the cleanup meant for apps made in a test, and every later test's posts
// answered 500: what the languages work met.)
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT: "off", SOFT_RATE_LIMIT: "off" });
});
const post = (body: string, language: string) =>
  t.call(
    "POST",
    "/v1/comments",
    { uri: "/blog/shared", author: { name: "Ana" }, body },
    { "Accept-Language": language },
  );

describe("an app shared by the tests of a file", () => {
  it("takes a post in the first test", async () => {
    expect((await post("Hola", "es")).status).toBe(201);
  });

  it("takes posts in the later ones too", async () => {
    const res = await post("مرحبا", "ar");
    expect(res.status, await res.clone().text()).toBe(201);
    expect((await post("Hello", "en")).status).toBe(201);
  });
});
