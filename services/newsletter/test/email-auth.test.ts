import { type Delivery, type SmtpSink, startSmtpSink } from "@parlor/mail/testing";
import { testDkim } from "@parlor/mail/testing/dkim";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newsletterMailSamples } from "../src/mail.samples.ts";
import { createTestApp, PUBLIC_URL, subscribe } from "./helpers.ts";

// Every kind of email the newsletter sends, DKIM-signed as in production and checked by an independent verifier
// (mailauth) on the bytes the SMTP relay received: the signature holds and covers List-Unsubscribe and
// List-Unsubscribe-Post (RFC 8058 §4: Gmail and Yahoo honour one-click only then), list mail carries List-Id
// (RFC 2919), notifications Auto-Submitted: auto-generated (RFC 3834), all signed.
const dkim = testDkim("blog.example");
let smtp: SmtpSink;
beforeEach(async () => {
  smtp = await startSmtpSink();
});
afterEach(async () => {
  await smtp.close();
});

const header = (d: Delivery, name: string) =>
  /^(.*?)\r?\n\r?\n/s
    .exec(d.raw.toString("latin1"))?.[1]
    .match(new RegExp(`^${name}:(.*(?:\\r?\\n[ \\t].*)*)`, "mi"))?.[1]
    .replace(/\r?\n[ \t]+/g, " ")
    .trim();
const alter = (raw: Buffer, name: string, value: string) =>
  raw.toString("latin1").replace(new RegExp(`^${name}:.*$`, "mi"), `${name}: ${value}`);

describe("the newsletter's emails", () => {
  it("all pass DKIM with the List-* headers and Auto-Submitted signed; an altered List-Unsubscribe-Post fails", async () => {
    const t = await createTestApp(
      {
        MODERATOR_EMAIL: "moderator@blog.example",
        MAIL_FROM: "Health tips <news@blog.example>",
        LIST_NAME: "Health tips from Dr. Kim",
      },
      { smtp, dkim: dkim.options },
    );
    await subscribe(t, smtp, "ann@example.com"); // confirmation, then welcome
    await t.call("POST", "/v1/subscriptions", { email: "throwaway@mailinator.com", consent: true }); // held: review
    await t.call("POST", "/v1/subscriptions/me/requests", { email: "ann@example.com", action: "export" });
    await t.call("POST", "/v1/subscriptions/me/requests", { email: "ann@example.com", action: "erase" });
    await t.call("POST", "/v1/subscriptions/me/requests", { email: "nobody@example.net", action: "export" }); // nothing held
    const issue = await (
      await t.admin("POST", "/v1/admin/newsletter/issues", { subject: "Sleep and blood pressure", markdown: "Hi" })
    ).json();
    await t.admin("POST", `/v1/admin/newsletter/issues/${issue.id}/test`, { to: "editor@blog.example" });
    await t.admin("POST", `/v1/admin/newsletter/issues/${issue.id}/send`);
    await t.dispatcher.runOnce();
    await t.deliver();

    const kinds = new Map<string, Delivery>();
    for (const d of smtp.deliveries) {
      const subject = d.mail.subject ?? "";
      kinds.set(subject.replace(/ (to|from|by) Health tips.*$| \(.*\)$/, ""), d);
      const verdict = await dkim.verify(d.raw);
      expect(verdict.result, subject).toBe("pass");
      const list = header(d, "List-Unsubscribe") !== undefined;
      if (list) {
        expect(verdict.signed, subject).toEqual(
          expect.arrayContaining(["list-id", "list-unsubscribe", "list-unsubscribe-post"]),
        );
        expect(header(d, "List-Id"), subject).toBe('"Health tips from Dr. Kim" <newsletter.blog.example>');
        expect(header(d, "List-Unsubscribe"), subject).toMatch(
          new RegExp(`^<${PUBLIC_URL}/v1/subscriptions/unsubscribe\\?token=`),
        );
      }
      const isIssue = /Sleep and blood pressure/.test(subject);
      if (!isIssue) {
        expect(header(d, "Auto-Submitted"), subject).toBe("auto-generated");
        expect(verdict.signed, subject).toContain("auto-submitted");
      } else {
        expect(header(d, "Auto-Submitted"), subject).toBeUndefined(); // an issue is written by a person
        expect(list, subject).toBe(true);
      }
    }
    expect([...kinds.keys()].sort()).toEqual([
      "Confirm your subscription",
      "Erase your data",
      "Newsletter signup held for review",
      "Nothing held about this address",
      "Sleep and blood pressure",
      "Welcome",
      "Your data",
      "[Test] Sleep and blood pressure",
    ]);
    // The message catalogue (docs/mail-catalogue.md) shows every one of these kinds, and no other (its samples
    // name the list "Health Notes" and their issue differently).
    const sampleKind = (subject: string) =>
      subject
        .replace(/ (to|from|by) Health Notes$| \(.*\)$/, "")
        .replace("Sleep first, then supplements", "Sleep and blood pressure");
    expect(new Set(newsletterMailSamples().map((sample) => sampleKind(sample.message.subject)))).toEqual(
      new Set(kinds.keys()),
    );

    const mail = kinds.get("Sleep and blood pressure") as Delivery;
    expect(header(mail, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    expect((await dkim.verify(alter(mail.raw, "List-Unsubscribe-Post", "List-Unsubscribe=Later"))).result).not.toBe(
      "pass",
    );
    expect((await dkim.verify(alter(mail.raw, "List-Id", "<other.example>"))).result).not.toBe("pass");

    // The held-signup notice: the address the signup typed, masked, is quoted after our lines and link.
    const held = (kinds.get("Newsletter signup held for review") as Delivery).mail;
    const lines = (held.text ?? "").split(/\r?\n/);
    expect(lines).toContain("> t***@mailinator.com");
    const queue = lines.findIndex((l) => l.startsWith(`Open the review queue: ${PUBLIC_URL}/newsletter/admin`));
    expect(queue).toBeGreaterThan(-1);
    expect(queue).toBeLessThan(lines.indexOf("> t***@mailinator.com"));
    expect(String(held.html)).toMatch(/<blockquote[^>]*>[\s\S]*t\*\*\*@mailinator\.com[\s\S]*<\/blockquote>/);
    expect(held.text).not.toContain("throwaway");
  });
});
