import { findScriptable } from "@parlor/kit/testing/hostile-input";
import { XSS_CORPUS } from "@parlor/kit/testing/xss-corpus";
import { type SmtpSink, startSmtpSink } from "@parlor/mail/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./helpers.ts";

// The stored-XSS corpus through every way text gets in (a comment's body, the author's name and website, an
// author's edit, a moderator's reply) and every way it comes out that this service renders (the thread's and the
// moderation queue's `html`, the moderator's email, the moderation link page): nothing that could run script.

const MODERATOR = "moderator@blog.example";
const NAME = '<img src=x onerror="window.__xss=true">';
const WEBSITES = ['https://x.example/"><script>alert(1)</script>', "https://x.example/?q=<svg onload=alert(1)>"];
const URI = "/blog/xss-paths";

let smtp: SmtpSink;
beforeEach(async () => {
  smtp = await startSmtpSink();
});
afterEach(async () => {
  await smtp.close();
});

interface Thread {
  comments: { id: string; html: string; replies: { html: string }[] }[];
}

async function post(t: TestApp, body: string, i: number) {
  return t.call("POST", "/v1/comments", {
    uri: URI,
    author: { name: i % 3 === 0 ? NAME : `Reader ${i}`, website: WEBSITES[i % 2] },
    body,
  });
}

describe("the XSS corpus through every write path and output of the comments service", () => {
  it("stays inert in the API's html, the queue, the moderator's email and its link page", async () => {
    const t = await createTestApp({ MODERATOR_EMAIL: MODERATOR }, { smtpUrl: smtp.url });
    const baseline = await post(t, "Harmless words.", 1);
    expect(baseline.status).toBe(201);
    await t.deliver();
    const baselineMail = smtp.deliveries[0].mail.html || "";
    expect(baselineMail).toContain("Harmless words.");

    const posted: { id: string; editToken: string; body: string }[] = [];
    for (const [i, body] of XSS_CORPUS.entries()) {
      const res = await post(t, body, i);
      if (res.status === 400) continue; // refused outright (control characters)
      expect(res.status, body).toBe(201);
      const { comment, editToken } = (await res.json()) as { comment: { id: string }; editToken: string };
      posted.push({ id: comment.id, editToken, body });
    }
    expect(posted.length).toBeGreaterThan(XSS_CORPUS.length - 5);
    await t.deliver();

    // Each held comment mailed the moderator its text and author: the HTML part must be as inert as the page.
    const mails = smtp.deliveries.slice(1).map((d) => d.mail);
    expect(mails.length).toBeGreaterThanOrEqual(posted.length);
    const mailProblems = mails.flatMap((m, i) =>
      findScriptable(m.html || "", baselineMail).map((p) => `mail ${i}: ${p}`),
    );
    expect(mailProblems).toEqual([]);

    // The moderation link page shows the comment; it renders the same stored html.
    const approveLink = (text?: string) =>
      /https:\/\/blog\.example(\/comments\/moderate\?token=[\w.-]+)/.exec(text ?? "")?.[1] as string;
    const baselinePage = await (await t.call("GET", approveLink(smtp.deliveries[0].mail.text))).text();
    for (const m of mails.slice(0, 10)) {
      const page = await (await t.call("GET", approveLink(m.text))).text();
      expect(findScriptable(page, baselinePage)).toEqual([]);
    }

    // The queue, then approve all, edit each to another payload, and a moderator reply with a payload under each.
    const queue = (await (await t.admin("GET", "/v1/admin/comments?status=pending&limit=100")).json()) as Thread;
    expect(queue.comments.flatMap((c) => findScriptable(c.html))).toEqual([]);
    for (const [i, c] of posted.entries()) {
      expect((await t.admin("POST", `/v1/admin/comments/${c.id}/approve`)).status).toBe(200);
      const edit = XSS_CORPUS[(i + 7) % XSS_CORPUS.length];
      const edited = await t.call(
        "PATCH",
        `/v1/comments/${c.id}`,
        { body: edit },
        { Authorization: `Bearer ${c.editToken}` },
      );
      expect([200, 400]).toContain(edited.status);
      if (edited.status === 200) expect(findScriptable(((await edited.json()) as { html: string }).html)).toEqual([]);
      const reply = await t.admin("POST", `/v1/admin/comments/${c.id}/reply`, {
        body: XSS_CORPUS[(i + 13) % XSS_CORPUS.length],
      });
      expect([201, 400]).toContain(reply.status);
    }
    // Edits that tripped a flag went back to the queue: approve them again so the thread shows everything.
    const again = (await (await t.admin("GET", "/v1/admin/comments?status=pending&limit=100")).json()) as Thread;
    for (const c of again.comments) await t.admin("POST", `/v1/admin/comments/${c.id}/approve`);

    const shown: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.call("GET", `/v1/comments?uri=${URI}&limit=100${cursor ? `&cursor=${cursor}` : ""}`);
      const thread = (await res.json()) as Thread & { nextCursor: string | null };
      for (const c of thread.comments) shown.push(c.html, ...c.replies.map((r) => r.html));
      cursor = thread.nextCursor;
    } while (cursor);
    expect(shown.length).toBeGreaterThan(posted.length * 1.5); // the comments and most replies are there
    expect(shown.flatMap((h) => findScriptable(h))).toEqual([]);
    await t.deliver();
    const later = smtp.deliveries.map((d) => d.mail.html || "");
    expect(later.flatMap((h) => findScriptable(h, baselineMail))).toEqual([]);
  });
});
