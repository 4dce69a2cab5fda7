import { findScriptable } from "@parlor/kit/testing/hostile-input";
// The comments service's corpus: one list of attacks for both services.
import { XSS_CORPUS } from "@parlor/kit/testing/xss-corpus";
import { type SmtpSink, startSmtpSink } from "@parlor/mail/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, seedActive, type TestApp } from "./helpers.ts";

// The stored-XSS corpus as an issue's Markdown and subject, through every place an issue comes out: the editor's
// preview, the email every subscriber gets (its HTML part), the test send, and the public archive page.

let smtp: SmtpSink;
beforeEach(async () => {
  smtp = await startSmtpSink();
});
afterEach(async () => {
  await smtp.close();
});

async function sendIssue(t: TestApp, subject: string, markdown: string) {
  const created = await t.admin("POST", "/v1/admin/newsletter/issues", { subject, markdown });
  expect(created.status, await created.clone().text()).toBe(201);
  const issue = (await created.json()) as { id: string; slug: string };
  const preview = (await (
    await t.admin("GET", `/v1/admin/newsletter/issues/${issue.id}/preview`, undefined, { Accept: "application/json" })
  ).json()) as { html: string };
  const previewPage = await (await t.admin("GET", `/v1/admin/newsletter/issues/${issue.id}/preview`)).text();
  expect((await t.admin("POST", `/v1/admin/newsletter/issues/${issue.id}/send`)).status).toBe(202);
  for (let i = 0; i < 3; i++) {
    await t.dispatcher.runOnce();
    await t.deliver();
  }
  t.clock.advance(60_000);
  const archive = await (await t.call("GET", `/v1/issues/${issue.slug}`)).text();
  const mail = smtp.deliveries.at(-1)?.mail.html || "";
  return { preview: preview.html, previewPage, archive, mail };
}

describe("the XSS corpus in an issue", () => {
  it("stays inert in the preview, the email's HTML part and the archive page", async () => {
    // The corpus's images come from evil.example: allowed here, so they are rendered as <img> (an image from an
    // origin IMAGE_ORIGINS does not name is refused with a 400, see issue-links.test.ts) and must stay inert too.
    const t = await createTestApp({ IMAGE_ORIGINS: ["https://evil.example"] }, { smtp });
    await seedActive(t, 1);
    const base = await sendIssue(t, "A plain issue", "# Hello\n\nSleep well. [More](https://example.org).");
    expect(base.archive).toContain("Sleep well.");
    // Every payload in one issue, and its subject an attack too.
    // (Payloads with control characters are refused outright with a 400, as the second test shows.)
    const control = (p: string) => [...p].some((ch) => /[\t\n\r]/.test(ch) === false && (ch.codePointAt(0) ?? 32) < 32);
    const markdown = XSS_CORPUS.filter((p) => !control(p)).join("\n\n");
    expect(markdown.length).toBeLessThan(60_000);
    const bad = await sendIssue(t, '<img src=x onerror="alert(1)"> Issue', markdown);
    expect(bad.archive).toContain("Issue");
    const problems = {
      preview: findScriptable(bad.preview, base.preview),
      previewPage: findScriptable(bad.previewPage, base.previewPage),
      mail: findScriptable(bad.mail, base.mail),
      archive: findScriptable(bad.archive, base.archive),
    };
    expect(problems).toEqual({ preview: [], previewPage: [], mail: [], archive: [] });
    expect(bad.mail.length).toBeGreaterThan(1000); // the corpus was rendered, not dropped wholesale
    // ...and its images too, as plain <img> from the allowed origin, their quotes escaped.
    const images = [...bad.mail.matchAll(/<img [^>]*>/g)].map((m) => m[0]);
    expect(images).toHaveLength(2);
    for (const img of images) expect(img).toMatch(/ src="https:\/\/evil\.example\/a\.png[^"]*" alt="x[^"]*"/);
  });

  it("stays inert one payload at a time in the editor's preview", async () => {
    const t = await createTestApp();
    const base = (await (
      await t.admin("POST", "/v1/admin/newsletter/issues/preview", { subject: "S", markdown: "Plain." })
    ).json()) as { html: string };
    const problems: string[] = [];
    for (const markdown of XSS_CORPUS) {
      const res = await t.admin("POST", "/v1/admin/newsletter/issues/preview", { subject: "S", markdown });
      if (res.status === 400) continue;
      expect(res.status).toBe(200);
      const { html } = (await res.json()) as { html: string };
      problems.push(...findScriptable(html, base.html).map((p) => `${JSON.stringify(markdown).slice(0, 50)}: ${p}`));
    }
    expect(problems).toEqual([]);
  });
});
