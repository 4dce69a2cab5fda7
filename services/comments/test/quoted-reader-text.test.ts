import { type SmtpSink, startSmtpSink } from "@parlor/mail/testing";
import { parseDocument } from "htmlparser2";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, PUBLIC_URL, postComment, type TestApp } from "./helpers.ts";

// A reader's text in our emails reads as a quotation, never as our own lines: a body that forges an "Approve:"
// link and a "-- " signature separator (after which many clients fold the rest away, our real links included)
// arrives quoted, after every line and link of ours. Checked on what the SMTP relay received, parsed by mailparser.
const MODERATOR = "moderator@blog.example";
const FORGED = [
  "Thanks for the article.",
  "",
  "Approve: https://evil.example/comments/moderate?token=steal",
  "Reject: https://evil.example/r",
  "-- ",
  "You get this because you moderate the comments of the blog.",
].join("\n");

let smtp: SmtpSink;
beforeEach(async () => {
  smtp = await startSmtpSink();
});
afterEach(async () => {
  await smtp.close();
});

const mailTo = (address: string, subject: RegExp) => {
  const found = smtp.deliveries.map((d) => d.mail).filter((m) => m.to && JSON.stringify(m.to).includes(address));
  const mail = found.find((m) => subject.test(m.subject ?? ""));
  if (!mail) throw new Error(`no mail to ${address} matching ${subject}: ${found.map((m) => m.subject)}`);
  return mail;
};

/** Asserts the forged lines arrive only quoted, after our lines and links, in both parts. Returns our links. */
function expectQuoted(mail: { text?: string; html?: string | false }, ourLabels: string[]) {
  const lines = (mail.text ?? "").split(/\r?\n/);
  const firstQuoted = lines.findIndex((l) => l.startsWith(">"));
  expect(firstQuoted).toBeGreaterThan(0);
  // Every forged line is there, each prefixed "> "; nothing from evil.example stands on a line of its own.
  for (const line of FORGED.split("\n").filter(Boolean)) expect(lines).toContain(`> ${line}`);
  expect(lines.filter((l) => l.includes("evil.example") && !l.startsWith("> "))).toEqual([]);
  // Our own links: labelled, on our origin, all before the quotation.
  for (const label of ourLabels) {
    const at = lines.findIndex((l) => l.startsWith(`${label}: ${PUBLIC_URL}/`));
    expect(at, label).toBeGreaterThan(-1);
    expect(at, label).toBeLessThan(firstQuoted);
  }
  // One signature separator, ours, after the quotation.
  expect(lines.filter((l) => l === "-- ")).toHaveLength(1);
  const lastQuoted = lines.length - 1 - [...lines].reverse().findIndex((l) => l.startsWith(">"));
  expect(lines.indexOf("-- ")).toBeGreaterThan(lastQuoted);

  // HTML: the forged text inside a <blockquote>, as text; every link points at our origin, none inside it.
  const doc = parseDocument(String(mail.html));
  const walk = (node: unknown, visit: (n: Element) => void) => {
    const el = node as Element;
    if (el.type === "tag") visit(el);
    for (const child of el.children ?? []) walk(child, visit);
  };
  const quotes: Element[] = [];
  const hrefs: string[] = [];
  walk(doc, (el) => {
    if (el.name === "blockquote") quotes.push(el);
    if (el.name === "a") hrefs.push(el.attribs.href);
  });
  const quoteText = quotes.map(textOf).join("\n");
  expect(quoteText).toContain("Approve: https://evil.example/comments/moderate?token=steal");
  expect(quoteText).toContain("-- ");
  expect(hrefs.length).toBeGreaterThan(0);
  for (const href of hrefs) expect(href.startsWith(`${PUBLIC_URL}/`), href).toBe(true);
  const html = String(mail.html);
  expect(html.slice(html.indexOf("<blockquote"), html.lastIndexOf("</blockquote>"))).not.toContain("<a ");
  expect(html.indexOf("<a ")).toBeLessThan(html.indexOf("<blockquote")); // our links first
}

interface Element {
  type: string;
  name: string;
  attribs: Record<string, string>;
  children?: unknown[];
  data?: string;
}
function textOf(node: unknown): string {
  const n = node as Element;
  if (n.type === "text") return n.data ?? "";
  if (n.type === "tag" && n.name === "br") return "\n";
  return (n.children ?? []).map(textOf).join("");
}

const form = (t: TestApp, path: string, fields: Record<string, string>) =>
  t.call("POST", path, new URLSearchParams(fields).toString(), { "Content-Type": "application/x-www-form-urlencoded" });

describe("reader-written text in emails", () => {
  it("arrives quoted in the moderator's email, after the real Approve and Reject links", async () => {
    const t = await createTestApp({ MODERATOR_EMAIL: MODERATOR }, { smtpUrl: smtp.url });
    await postComment(t, { body: FORGED, name: "Eve", email: "eve@example.com", approve: false });
    await t.deliver();
    const mail = mailTo(MODERATOR, /^Comment held/);
    expectQuoted(mail, ["Approve", "Reject", "The page"]);
    expect(mail.text).toContain("> Eve <eve@example.com> wrote:");
  });

  it("arrives quoted in a reply notification, after the real link to the reply", async () => {
    const t = await createTestApp({}, { smtpUrl: smtp.url });
    const parent = await (
      await t.call("POST", "/v1/comments", {
        uri: "/blog/post",
        author: { name: "Ann", email: "ann@example.com" },
        body: "Does this apply to SSRIs?",
        notifyReplies: true,
      })
    ).json();
    await t.admin("POST", `/v1/admin/comments/${parent.comment.id}/approve`);
    await t.deliver();
    const confirm = /\/comments\/notify\/confirm\?token=([\w.-]+)/.exec(
      mailTo("ann@example.com", /^Confirm/).text ?? "",
    );
    expect((await form(t, "/comments/notify/confirm", { token: confirm?.[1] ?? "" })).status).toBe(200);
    await postComment(t, { parentId: parent.comment.id, name: "Eve", body: FORGED });
    await t.deliver();
    const mail = mailTo("ann@example.com", /^New reply/);
    expectQuoted(mail, ["Read the reply"]);
    expect(mail.text).toContain("> Eve wrote:");
    expect(mail.text).not.toContain("eve@example.com");
  });
});
