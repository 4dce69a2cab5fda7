import { commentsClient, newsletterClient } from "@parlor/client";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTICLE, launchChromium, noBrowser } from "./helpers/browser.ts";
import { ADMIN_TOKEN, removeTempDirs, tempDir } from "./helpers/env.ts";
import { waitFor } from "./helpers/process.ts";
import { type StartedGateway, startGateway } from "./helpers/servers.ts";
import { type SmtpSink, startSmtpSink } from "./helpers/smtp.ts";

const HELD = "Thanks — your comment is awaiting moderation";
const AWAITING = "Awaiting moderation · only you can see this";

// Under CI a missing chromium fails the run instead of skipping it: a green CI must have tested the browser.
describe.skipIf(noBrowser)("a reader and a subscriber on the demo article, through the dev gateway", () => {
  let sink: SmtpSink;
  let gateway: StartedGateway;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    sink = await startSmtpSink();
    [gateway, browser] = await Promise.all([
      startGateway(await tempDir("journey"), {
        COMMENTS_SMTP_URL: sink.url,
        NEWSLETTER_SMTP_URL: sink.url,
        COMMENTS_MAIL_POLL_INTERVAL: "50ms",
        NEWSLETTER_MAIL_POLL_INTERVAL: "50ms",
        NEWSLETTER_POSTAL_ADDRESS: "Dr. Kim's Clinic, 100 Main Street, Springfield, IL 62701, USA",
        MAIL_RATE: "0",
        ADMIN_TOKEN,
        LOG_LEVEL: "warn",
      }),
      launchChromium(),
    ]);
    // Both services must be behind the gateway: these journeys cross them.
    expect(Object.keys(gateway.services).sort()).toEqual(["comments", "newsletter"]);
  });

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
    await browser?.close();
    await gateway?.stop();
    await sink?.close();
    await removeTempDirs();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 900, height: 900 } });
    contexts.push(context);
    return context.newPage();
  }

  /** The demo article as a reader reaches it: `/` redirects to it. */
  async function openArticle(page: Page) {
    const res = await page.goto(`${gateway.url}/`);
    expect(res?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe(ARTICLE);
    await page.locator("[data-parlor-comments][data-parlor-ready]").waitFor();
  }

  /** The active subscribers' addresses, from the admin API through the gateway, with the typed client. */
  async function activeEmails(): Promise<string[]> {
    const newsletter = newsletterClient(gateway.url, { token: ADMIN_TOKEN });
    const { data, response } = await newsletter.GET("/v1/admin/newsletter/subscribers", {
      params: { query: { status: "active" } },
    });
    expect(response.status).toBe(200);
    return (data?.subscribers ?? []).map((s) => s.email);
  }

  /** Waits (bounded) for an email to `to` whose subject contains `subject`. */
  async function mailTo(to: string, subject: string, timeoutMs = 10_000) {
    const find = () => sink.deliveries.find((d) => d.rcptTo.includes(to) && d.mail.subject?.includes(subject));
    await waitFor(() => find() !== undefined, timeoutMs);
    const delivery = find();
    if (!delivery) {
      const seen = sink.deliveries.map((d) => `${d.rcptTo.join(",")}: ${d.mail.subject}`);
      throw new Error(`no "${subject}" email to ${to} within ${timeoutMs} ms; the sink has: ${JSON.stringify(seen)}`);
    }
    return delivery;
  }

  it("a reader posts, the moderator approves in the console, and the reader sees the comment after a reload", async () => {
    const text = "The part on the plasticity window was clear. (reader-journey)";

    // The reader posts under the article and is told the comment waits.
    const reader = await newPage();
    await openArticle(reader);
    const form = reader.getByRole("form", { name: "Leave a comment" });
    await form.getByLabel("Your comment").fill(text);
    await form.getByLabel("Name").fill("Ana from Tampa");
    await form.getByRole("button", { name: "Post comment" }).click();
    await reader.getByText(HELD).first().waitFor();
    const mine = reader.locator(".thread .comment", { hasText: "(reader-journey)" });
    await mine.getByText(AWAITING).waitFor();

    // The moderator, in a browser of their own, signs in to the console and approves it.
    const moderator = await newPage();
    const consoleRes = await moderator.goto(`${gateway.url}/comments/admin`);
    expect(consoleRes?.status()).toBe(200);
    await moderator.getByLabel("Admin token").fill(ADMIN_TOKEN);
    await moderator.getByRole("button", { name: "Sign in" }).click();
    await moderator
      .getByRole("status")
      .filter({ hasText: /Signed in\. 1 pending comment shown\./ })
      .waitFor();
    const item = moderator.locator("#queue > .item", { hasText: "(reader-journey)" });
    await item.getByRole("button", { name: "Approve" }).click();
    await moderator
      .getByRole("status")
      .filter({ hasText: /Approved: the comment by Ana from Tampa\./ })
      .waitFor();
    expect(await item.count()).toBe(0);

    // Back on the article, a reload shows it published: in the thread, no longer marked as waiting.
    await reader.reload();
    await reader.locator("[data-parlor-comments][data-parlor-ready]").waitFor();
    await mine.getByText(text).waitFor();
    expect(await mine.getByText(AWAITING).count()).toBe(0);

    // And a reader who never posted sees it too.
    const stranger = await newPage();
    await openArticle(stranger);
    await stranger.locator(".thread .comment", { hasText: "(reader-journey)" }).getByText(text).waitFor();

    // And so does an integrator reading the thread with the typed client, through the gateway.
    const comments = commentsClient(gateway.url);
    const { data } = await comments.GET("/v1/comments", { params: { query: { uri: ARTICLE } } });
    const shown = data?.comments.find((c) => c.html.includes("(reader-journey)"));
    expect(shown?.author.name).toBe("Ana from Tampa");
  });

  it("a subscriber signs up in the newsletter box and confirms through the link in the email, which works only after the button", async () => {
    const email = "journey-reader@example.com";

    const page = await newPage();
    await openArticle(page);
    const box = page.locator("#newsletter[data-parlor-mounted]");
    await box.getByRole("heading", { name: "Health tips from Dr. Kim" }).waitFor();
    await box.getByLabel("Email", { exact: true }).fill(email);
    await box.getByLabel("Email me Dr. Kim's health tips").check();
    await box.getByRole("button", { name: "Subscribe" }).click();
    await box.getByText("Check your inbox to confirm").waitFor();

    // The confirmation email carries a link on the gateway's origin.
    const confirmation = await mailTo(email, "Confirm your subscription");
    const found = /https?:\/\/\S+\/v1\/subscriptions\/confirm\?token=[^\s>)"]+/.exec(confirmation.mail.text ?? "");
    if (!found) throw new Error(`no confirmation link in the email:\n${confirmation.mail.text}`);
    const link = new URL(found[0]);
    expect(link.origin).toBe(gateway.url);

    // Opening the link only shows a button: the address is not active yet.
    const res = await page.goto(link.href);
    expect(res?.status()).toBe(200);
    const confirm = page.getByRole("button", { name: "Confirm" });
    await confirm.waitFor();
    await page.getByText(email).first().waitFor();
    expect(await activeEmails()).not.toContain(email);

    // The button confirms: now it is active, and a welcome email follows.
    await confirm.click();
    await page.getByText("You are subscribed").first().waitFor();
    expect(await activeEmails()).toContain(email);
    await mailTo(email, "Welcome to");

    // The editor drafts an issue and sends it with the typed client; the new subscriber gets it.
    const editor = newsletterClient(gateway.url, { token: ADMIN_TOKEN });
    const draft = await editor.POST("/v1/admin/newsletter/issues", {
      body: { subject: "Sleep, the first issue", markdown: "# Sleep\n\nSeven hours, most nights." },
    });
    expect(draft.response.status).toBe(201);
    const id = draft.data?.id ?? "";
    const sent = await editor.POST("/v1/admin/newsletter/issues/{id}/send", { params: { path: { id } }, body: {} });
    expect(sent.response.status).toBe(202);
    const issue = await mailTo(email, "Sleep, the first issue");
    expect(issue.mail.text).toContain("Seven hours, most nights.");
  });
});
