import { describe, expect, it } from "vitest";
import { mailSamples } from "../../scripts/docs/mail-catalogue.ts";

// What every kind of email both services send (the catalogue's samples, built by the services' own mail code) must
// hold in its HTML part; docs/mail-catalogue.md itself is kept fresh by docs.test.ts.
const decode = (s: string) =>
  s
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
const all = mailSamples.flatMap(({ service, samples }) =>
  samples().map((s) => ({ ...s, name: `${service}: ${s.kind}` })),
);

describe("every kind of email", () => {
  it.each(all.map((s) => [s.name, s] as const))("%s: each link of ours in the text part is a link in HTML", (_n, s) => {
    const ours = s.message.text
      .split("\n")
      .filter((line) => !line.startsWith(">")) // reader-written text: quoted, never made a link
      .flatMap((line) => line.match(/https?:\/\/[^\s<>"()]+/g) ?? []);
    const hrefs = [...s.message.html.matchAll(/<a [^>]*href="([^"]+)"/g)].map((m) => decode(m[1]));
    for (const url of ours) expect(hrefs, url).toContain(url);
  });

  it("carry links of ours to check: every kind but the answer that nothing is held", () => {
    const linkless = all.filter((s) => !/^[^>].*https?:\/\//m.test(s.message.text)).map((s) => s.name);
    expect(linkless).toEqual(["comments: readers' rights: nothing held", "newsletter: readers' rights: nothing held"]);
  });

  it.each(all.map((s) => [s.name, s] as const))("%s: each image has alt text and one URL for all", (_n, s) => {
    for (const img of s.message.html.matchAll(/<img [^>]*>/g)) {
      expect(img[0]).toMatch(/ alt="[^"]+"/);
      expect(img[0]).not.toMatch(/token|unsubscribe|ann@example/i);
    }
  });
});
