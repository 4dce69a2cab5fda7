import { type SmtpSink, startSmtpSink } from "@parlor/mail/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, rowCount } from "./helpers.ts";

// A reader's long page path once made the moderator's subject outgrow the outbox's limit: the post answered 500
// and a reader in crisis lost the helpline notice. Subjects now carry reader text only shortened, and an email
// that cannot be built never fails the request that caused it.
const MODERATOR = "moderator@blog.example";
const LONG_PATH = `/blog/${"a".repeat(1994)}`; // 2,000 characters
let smtp: SmtpSink;
beforeEach(async () => {
  smtp = await startSmtpSink();
});
afterEach(async () => {
  await smtp.close();
});

describe("a comment on a page with a 2,000-character path", () => {
  it("with crisis words, answers 201 with the crisis notice, and the moderator's email still goes out", async () => {
    const t = await createTestApp({ MODERATOR_EMAIL: MODERATOR }, { smtpUrl: smtp.url });
    expect(LONG_PATH).toHaveLength(2000);
    const res = await t.call("POST", "/v1/comments", {
      uri: LONG_PATH,
      author: { name: "Ann" },
      body: "I want to end my life",
    });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.notice).toMatchObject({ kind: "crisis" });
    expect(body.notice.text).toContain("988");
    expect(await rowCount(t)).toBe(1);

    await t.deliver();
    const [mail] = smtp.deliveries.filter((d) => d.rcptTo.includes(MODERATOR)).map((d) => d.mail);
    expect(mail.subject).toMatch(/^Needs a human now: a comment on \/blog\/a+… mentions self-harm$/);
    expect((mail.subject ?? "").length).toBeLessThan(140);
    expect(mail.text).toContain(LONG_PATH); // the email's body keeps the whole page link
  });

  it("posted from the form without JavaScript, shows the crisis page (201)", async () => {
    const t = await createTestApp({ MODERATOR_EMAIL: MODERATOR }, { smtpUrl: smtp.url });
    const res = await t.call(
      "POST",
      "/v1/comments",
      new URLSearchParams({ uri: LONG_PATH, name: "Ann", body: "I want to kill myself" }).toString(),
      { "Content-Type": "application/x-www-form-urlencoded", Accept: "text/html" },
    );
    expect(res.status).toBe(201);
    expect(await res.text()).toContain('href="tel:988"');
  });

  it("without crisis words, is held and announced to the moderator under a shortened subject", async () => {
    const t = await createTestApp({ MODERATOR_EMAIL: MODERATOR }, { smtpUrl: smtp.url });
    const res = await t.call("POST", "/v1/comments", {
      uri: LONG_PATH,
      author: { name: "Ann", email: "ann@example.com" },
      body: "Call me at 555-123-4567",
      notifyReplies: true,
    });
    expect(res.status).toBe(201);
    await t.deliver();
    const [mail] = smtp.deliveries.filter((d) => d.rcptTo.includes(MODERATOR)).map((d) => d.mail);
    expect(mail.subject).toMatch(/^Comment held on \/blog\/a+… \(contact_details\)$/);
  });
});
