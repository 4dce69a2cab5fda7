import { describe, expect, it } from "vitest";
import { configShape, DEFAULT_CRISIS_MESSAGE } from "../src/config.ts";
import { createTestApp, postComment, rowCount, storedRow } from "./helpers.ts";

const valid = { uri: "/blog/post", author: { name: "Ann" }, body: "Hello **world**" };

describe("posting a comment", () => {
  it("holds a comment for moderation by default and returns an edit token", async () => {
    const t = await createTestApp();
    const res = await t.call("POST", "/v1/comments", valid);
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.comment).toMatchObject({
      status: "pending",
      parentId: null,
      author: { name: "Ann", website: null, isModerator: false },
    });
    expect(body.comment.html).toContain("<strong>world</strong>");
    expect(body.editToken).toMatch(/^[\w-]{40,}$/);
    expect(Date.parse(body.editableUntil) - Date.parse(body.comment.createdAt)).toBe(15 * 60_000);
    const row = await storedRow(t, body.comment.id);
    expect(row?.body).toBe("Hello **world**");
    expect(row?.edit_token_hash).not.toContain(body.editToken);
    expect(row?.client_hash).not.toMatch(/10\.0\./);
  });

  it("publishes at once under the flagged policy when nothing is flagged", async () => {
    const t = await createTestApp({ MODERATION: "flagged" });
    const res = await t.call("POST", "/v1/comments", valid);
    expect((await res.json()).comment.status).toBe("approved");
    const thread = await (await t.call("GET", "/v1/comments?uri=/blog/post")).json();
    expect(thread.total).toBe(1);
  });

  it("treats ordinary health talk as clean under the flagged policy", async () => {
    const t = await createTestApp({ MODERATION: "flagged" });
    const body = "A 2018 study (n=24) found 20 mg acted on 5-HT2A receptors.";
    const res = await t.call("POST", "/v1/comments", { ...valid, body });
    expect((await res.json()).comment.status).toBe("approved");
  });

  it("names every bad field and stores nothing", async () => {
    const t = await createTestApp();
    const res = await t.call("POST", "/v1/comments", {
      uri: "not a path",
      author: { name: "", email: "no-at-sign", website: "javascript:alert(1)" },
      body: "",
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const problem = await res.json();
    expect(problem).toMatchObject({ type: expect.any(String), title: "Bad Request", status: 400 });
    expect(problem.errors.map((e: any) => e.path).sort()).toEqual([
      "author.email",
      "author.name",
      "author.website",
      "body",
      "uri",
    ]);
    expect(await rowCount(t)).toBe(0);
  });

  it.each([
    ["a body over 10,000 characters", { ...valid, body: "x".repeat(10_001) }, "body"],
    ["a name over 100 characters", { ...valid, author: { name: "n".repeat(101) } }, "author.name"],
    [
      "a website over 2,048 characters",
      { ...valid, author: { name: "A", website: `https://x.example/${"a".repeat(2040)}` } },
      "author.website",
    ],
    ["a uri over 2,048 characters", { ...valid, uri: `/${"a".repeat(2048)}` }, "uri"],
    ["a body that is not a string", { ...valid, body: 42 }, "body"],
    ["no author at all", { uri: "/a", body: "x" }, "author"],
    ["notifyReplies that is not a boolean", { ...valid, notifyReplies: "yes please" }, "notifyReplies"],
  ])("refuses %s", async (_name, payload, path) => {
    const t = await createTestApp();
    const res = await t.call("POST", "/v1/comments", payload);
    expect(res.status).toBe(400);
    expect((await res.json()).errors.map((e: any) => e.path)).toContain(path);
    expect(await rowCount(t)).toBe(0);
  });

  it("refuses a reply to a comment that is missing, on another page or not approved", async () => {
    const t = await createTestApp();
    const other = await postComment(t, { uri: "/other" });
    const held = await postComment(t, { approve: false });
    for (const parentId of ["01UNKNOWN", other.comment.id, held.comment.id]) {
      const res = await t.call("POST", "/v1/comments", { ...valid, parentId });
      expect(res.status).toBe(400);
      expect((await res.json()).errors[0].path).toBe("parentId");
    }
    expect(await rowCount(t)).toBe(2);
  });

  it("answers a honeypot like a success but files the comment as spam", async () => {
    const t = await createTestApp({ MODERATION: "flagged" });
    const res = await t.call("POST", "/v1/comments", { ...valid, homepage: "http://spam.example" });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.comment.status).toBe("pending");
    expect((await storedRow(t, body.comment.id))?.status).toBe("spam");
    expect((await storedRow(t, body.comment.id))?.flags).toContain("honeypot");
  });

  it("holds a comment with crisis words and shows the crisis message at once", async () => {
    const t = await createTestApp({ MODERATION: "flagged" });
    const res = await t.call("POST", "/v1/comments", { ...valid, body: "Honestly I want to kill myself some days." });
    const body = await res.json();
    expect(body.comment.status).toBe("pending");
    expect(body.notice).toMatchObject({ kind: "crisis", text: DEFAULT_CRISIS_MESSAGE });
    expect(body.notice.text).toContain("988");
    expect(body.notice.links.length).toBeGreaterThan(0);
    const queue = await (await t.admin("GET", "/v1/admin/comments?status=pending")).json();
    expect(queue.comments[0].flags).toContain("crisis");
  });

  it("shows the helpline at once, without holding the comment, when the screen finds risk likely but is unsure", async () => {
    const t = await createTestApp({ MODERATION: "flagged" });
    const res = await t.call("POST", "/v1/comments", { ...valid, body: "I'm tired. Not sleepy. Tired of living." });
    const body = await res.json();
    expect(body.comment.status).toBe("approved");
    expect(body.notice).toMatchObject({ kind: "crisis", text: DEFAULT_CRISIS_MESSAGE });
    expect((await storedRow(t, body.comment.id))?.flags).not.toContain("crisis");
  });

  it("uses the configured crisis message", async () => {
    const t = await createTestApp({ CRISIS_MESSAGE: "Call our line at 555-0100." });
    const res = await t.call("POST", "/v1/comments", { ...valid, body: "I have been thinking about suicide." });
    expect((await res.json()).notice.text).toBe("Call our line at 555-0100.");
  });

  it("shows the configured helpline buttons, and refuses a setting that is not label=link pairs", async () => {
    const CRISIS_LINKS = configShape.CRISIS_LINKS.parse(
      "Samaritans 116 123=tel:116123, Find a helpline=https://findahelpline.com",
    );
    const t = await createTestApp({ CRISIS_LINKS });
    const res = await t.call("POST", "/v1/comments", { ...valid, body: "I keep wishing I was dead." });
    expect((await res.json()).notice.links).toEqual([
      { label: "Samaritans 116 123", href: "tel:116123" },
      { label: "Find a helpline", href: "https://findahelpline.com" },
    ]);
    expect(configShape.CRISIS_LINKS.safeParse("Call us=javascript:alert(1)").success).toBe(false);
    expect(configShape.CRISIS_LINKS.safeParse("").data).toEqual([]);
  });

  it("keeps the email for notifications but never shows it publicly", async () => {
    const t = await createTestApp({ MODERATION: "flagged" });
    const res = await t.call("POST", "/v1/comments", {
      ...valid,
      author: { name: "Ann", email: "ann@example.com" },
      notifyReplies: true,
    });
    const body = await res.json();
    expect(JSON.stringify(body)).not.toContain("ann@example.com");
    const row = await storedRow(t, body.comment.id);
    expect(row).toMatchObject({ author_email: "ann@example.com", notify_replies: 1 });
    const thread = await (await t.call("GET", "/v1/comments?uri=/blog/post")).text();
    expect(thread).not.toContain("ann@example.com");
  });
});

describe("request shapes", () => {
  it("answers 415 to a content type the endpoint does not take, and stores nothing", async () => {
    const t = await createTestApp();
    const res = await t.call("POST", "/v1/comments", "<xml/>", { "Content-Type": "application/xml" });
    expect(res.status).toBe(415);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(await rowCount(t)).toBe(0);
  });

  it("answers 400 to malformed JSON", async () => {
    const t = await createTestApp();
    const res = await t.call("POST", "/v1/comments", "{ not json");
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0].path).toBe("(body)");
  });

  it("answers 413 to a body over 64 KiB", async () => {
    const t = await createTestApp();
    const res = await t.call("POST", "/v1/comments", { ...valid, body: "x".repeat(70_000) });
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(await rowCount(t)).toBe(0);
  });

  it("answers 404 problem+json for unknown paths", async () => {
    const t = await createTestApp();
    const res = await t.call("GET", "/v1/nothing-here");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });
});

describe("HTML form posts", () => {
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const formHeaders = {
    "Content-Type": "application/x-www-form-urlencoded",
    Accept: "text/html",
    Referer: "https://blog.example/blog/post?x=1",
  };

  it("takes flat fields and sends the browser back to the page with the outcome", async () => {
    const t = await createTestApp();
    const res = await t.call(
      "POST",
      "/v1/comments",
      form({
        uri: "/blog/post",
        name: "Ann",
        email: "ann@example.com",
        body: "From a form",
        notifyReplies: "on",
        homepage: "",
      }),
      formHeaders,
    );
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("https://blog.example/blog/post?x=1&parlor=held#comments");
    const queue = await (await t.admin("GET", "/v1/admin/comments")).json();
    expect(queue.comments[0]).toMatchObject({ author: { name: "Ann", email: "ann@example.com" } });
  });

  it("takes multipart forms too", async () => {
    const t = await createTestApp({ MODERATION: "flagged" });
    const fd = new FormData();
    for (const [k, v] of Object.entries({ uri: "/blog/post", name: "Bo", body: "multipart" })) fd.set(k, v);
    const res = await t.app.request("/v1/comments", {
      method: "POST",
      body: fd,
      headers: { Accept: "text/html", "X-Forwarded-For": "10.9.9.9" },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/^https:\/\/blog\.example\/blog\/post\?parlor=published#comment-/);
  });

  it("never redirects to another origin", async () => {
    const t = await createTestApp();
    const res = await t.call(
      "POST",
      "/v1/comments",
      form({ uri: "/blog/post", name: "A", body: "x", returnTo: "https://evil.example/" }),
      { ...formHeaders, Referer: "https://evil.example/x" },
    );
    expect(res.headers.get("location")).toBe("https://blog.example/blog/post?parlor=held#comments");
  });

  it("shows a page with the errors and the reader's text when a form is refused", async () => {
    const t = await createTestApp();
    const res = await t.call(
      "POST",
      "/v1/comments",
      form({ uri: "/blog/post", name: "", body: "my <long> text" }),
      formHeaders,
    );
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("text/html");
    const page = await res.text();
    expect(page).toContain("author.name");
    expect(page).toContain("my &lt;long&gt; text");
    expect(await rowCount(t)).toBe(0);
  });

  it("shows the crisis message at once to a reader posting without JavaScript", async () => {
    const t = await createTestApp();
    const res = await t.call(
      "POST",
      "/v1/comments",
      form({ uri: "/blog/post", name: "A", body: "I want to end my life" }),
      formHeaders,
    );
    expect(res.status).toBe(201);
    const page = await res.text();
    expect(page).toContain("988");
    expect(page).toContain('href="tel:988"');
    expect(page).toContain("https://blog.example/blog/post?x=1&amp;parlor=crisis#comments");
  });

  it("answers JSON to a form post that asks for JSON", async () => {
    const t = await createTestApp();
    const res = await t.call("POST", "/v1/comments", form({ uri: "/blog/post", name: "A", body: "x" }), {
      "Content-Type": "application/x-www-form-urlencoded",
      Accept: "application/json",
    });
    expect(res.status).toBe(201);
    expect((await res.json()).comment.status).toBe("pending");
  });
});

describe("rate limits", () => {
  it("answers 429 with Retry-After past the hard limit, and holds comments past the soft one", async () => {
    const t = await createTestApp({
      RATE_LIMIT: { points: 4, windowMs: 600_000 },
      SOFT_RATE_LIMIT: { points: 2, windowMs: 600_000 },
      MODERATION: "flagged",
    });
    const statuses: (number | string)[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await t.call(
        "POST",
        "/v1/comments",
        { ...valid, body: `n${i}` },
        { "X-Forwarded-For": "203.0.113.7" },
      );
      statuses.push(res.status === 201 ? (await res.json()).comment.status : res.status);
      if (res.status === 429) {
        expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
        expect(res.headers.get("content-type")).toContain("application/problem+json");
      }
    }
    expect(statuses).toEqual(["approved", "approved", "pending", "pending", 429]);
    expect(await rowCount(t)).toBe(4);
    const other = await t.call("POST", "/v1/comments", valid, { "X-Forwarded-For": "203.0.113.8" });
    expect(other.status).toBe(201);
  });

  it("uses the last X-Forwarded-For entry, so a client cannot dodge the limit by adding its own", async () => {
    const t = await createTestApp({ RATE_LIMIT: { points: 1, windowMs: 600_000 } });
    const first = await t.call("POST", "/v1/comments", valid, { "X-Forwarded-For": "1.1.1.1, 198.51.100.1" });
    const second = await t.call("POST", "/v1/comments", valid, { "X-Forwarded-For": "2.2.2.2, 198.51.100.1" });
    expect([first.status, second.status]).toEqual([201, 429]);
  });

  it("never limits with RATE_LIMIT=0", async () => {
    const t = await createTestApp({ RATE_LIMIT: "off", SOFT_RATE_LIMIT: "off" });
    for (let i = 0; i < 30; i++) {
      expect((await t.call("POST", "/v1/comments", valid, { "X-Forwarded-For": "203.0.113.9" })).status).toBe(201);
    }
  });
});
