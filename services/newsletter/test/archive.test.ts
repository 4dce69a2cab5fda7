import { atomProblems } from "@parlor/kit/testing";
import { describe, expect, it } from "vitest";
import { createTestApp, PUBLIC_URL, sentIssue } from "./helpers.ts";

const SITE = "Health Notes";
const BACK = `<a href="${PUBLIC_URL}/">Back to ${SITE}</a>`;

const links = (html: string) => [...html.matchAll(/<li><a href="\/v1\/issues\/([^"]+)">/g)].map((m) => m[1]);

describe("the newsletter archive", () => {
  it("lists sent issues newest first, 20 a page, each linking to its page, with the site name and a way back", async () => {
    const t = await createTestApp({ SITE_NAME: SITE, LIST_NAME: "The Sleep Letter" });
    const empty = await (await t.call("GET", "/newsletter/archive")).text();
    expect(empty).toContain("No issue has been sent yet.");
    for (let n = 1; n <= 23; n++) await sentIssue(t, n, n === 23 ? "Naps <and> “dreams” & more" : undefined);
    const draft = await t.admin("POST", "/v1/admin/newsletter/issues", { subject: "Draft", markdown: "Unsent." });
    expect(draft.status).toBe(201); // a draft stays out of the archive

    const first = await t.call("GET", "/newsletter/archive");
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toContain("text/html");
    const html = await first.text();
    expect(html).toContain("<title>The Sleep Letter: past issues</title>");
    expect(links(html)).toEqual(Array.from({ length: 20 }, (_, i) => `issue-${23 - i}`));
    expect(html).toContain("Naps &lt;and&gt; “dreams” &amp; more");
    expect(html).toContain(BACK);
    expect(html).not.toContain('name="robots"'); // the archive is meant to be found
    const older = /href="(\/newsletter\/archive\?cursor=[^"]+)" rel="next"/.exec(html)?.[1];
    expect(older).toBeDefined();
    const second = await (await t.call("GET", (older as string).replaceAll("&amp;", "&"))).text();
    expect(links(second)).toEqual(["issue-3", "issue-2", "issue-1"]);
    expect(second).not.toContain('rel="next"');
    expect((await t.call("GET", "/newsletter/archive?cursor=forged")).status).toBe(400);

    // Each link opens the issue's page, which also leads back to the blog.
    const issue = await t.call("GET", "/v1/issues/issue-22");
    expect(issue.status).toBe(200);
    expect(await issue.text()).toContain(BACK);
  });

  it("has an Atom feed of the archive that feedparser and RFC 4287's grammar (jing) accept", async () => {
    const t = await createTestApp({ SITE_NAME: SITE, LIST_NAME: "The Sleep Letter" });
    const none = await (await t.call("GET", "/newsletter/archive.atom")).text();
    for (let n = 1; n <= 3; n++) await sentIssue(t, n, n === 3 ? "Naps <and> “dreams” & more\u0007" : undefined);
    const res = await t.call("GET", "/newsletter/archive.atom");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    const xml = await res.text();
    expect([...xml.matchAll(/<entry>\s*<id>([^<]+)<\/id>/g)].map((m) => m[1])).toEqual(
      ["issue-3", "issue-2", "issue-1"].map((s) => `${PUBLIC_URL}/v1/issues/${s}`),
    );
    expect(xml).toContain(
      `<link rel="self" type="application/atom+xml" href="${PUBLIC_URL}/newsletter/archive.atom"/>`,
    );
    expect(xml).toContain("<title>Naps &lt;and&gt; “dreams” &amp; more</title>");
    expect(xml).toContain("&lt;h2&gt;Part 3&lt;/h2&gt;");
    // Both feeds pass both validators; what they are for: a feed missing its id, or not XML, is refused.
    const [empty, full, noId, broken] = atomProblems([none, xml, xml.replace(/<id>[^<]*<\/id>/, ""), `${xml}<`]);
    expect([empty, full]).toEqual([[], []]);
    expect(noId?.join()).toMatch(/^jing: .*"id"/);
    expect(broken?.join()).toMatch(/feedparser: bozo/);
  });
});
