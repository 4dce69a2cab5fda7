import { SaxesParser } from "saxes";
import { expect, it } from "vitest";
import { createTestApp, PUBLIC_URL, postComment } from "./helpers.ts";

interface El {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: El[];
}

/** A strict XML parse (a malformed feed throws) into a small tree. */
function parseXml(xml: string): El {
  const parser = new SaxesParser({ xmlns: true });
  const root: El = { name: "#root", attrs: {}, text: "", children: [] };
  const stack = [root];
  parser.on("opentag", (t) => {
    const el: El = {
      name: `${t.uri === "http://www.w3.org/2005/Atom" ? "atom:" : ""}${t.local}`,
      attrs: Object.fromEntries(Object.values(t.attributes).map((a) => [a.local, a.value])),
      text: "",
      children: [],
    };
    stack.at(-1)?.children.push(el);
    stack.push(el);
  });
  parser.on("closetag", () => stack.pop());
  parser.on("text", (t) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  });
  parser.on("error", (e) => {
    throw e;
  });
  parser.write(xml).close();
  return root.children[0];
}
const kids = (el: El, name: string) => el.children.filter((c) => c.name === `atom:${name}`);
const one = (el: El, name: string) => {
  const found = kids(el, name);
  expect(found, `exactly one <${name}> in <${el.name}>`).toHaveLength(1);
  return found[0];
};
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

it("the Atom feed of a page is valid Atom with stable ids, RFC 3339 dates, sanitized HTML and no emails", async () => {
  const t = await createTestApp();
  const first = await postComment(t, {
    uri: "/blog/flu",
    name: "Ann <Admin> & Co",
    email: "ann@example.com",
    body: "Is it **safe**? <script>alert(1)</script>",
  });
  t.clock.advance(60_000);
  const reply = await postComment(t, { uri: "/blog/flu", name: "Bob", parentId: first.comment.id, body: "Yes." });
  await postComment(t, { uri: "/blog/flu", name: "Held", body: "not yet", approve: false });
  await postComment(t, { uri: "/blog/other", name: "Elsewhere", body: "another page" });

  const res = await t.call("GET", "/comments/feed.atom?uri=https://blog.example/blog/flu/");
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
  const text = await res.text();
  expect(text).not.toContain("ann@example.com");
  const feed = parseXml(text);
  expect(feed.name).toBe("atom:feed");
  expect(one(feed, "id").text).toBe(`${PUBLIC_URL}/comments/feed.atom?uri=%2Fblog%2Fflu`);
  expect(one(feed, "title").text).toBe("Comments on /blog/flu");
  expect(one(feed, "updated").text).toMatch(RFC3339);
  expect(kids(feed, "link").find((l) => l.attrs.rel === "self")?.attrs.href).toBe(one(feed, "id").text);

  const entries = kids(feed, "entry");
  expect(entries.map((e) => one(one(e, "author"), "name").text)).toEqual(["Bob", "Ann <Admin> & Co"]);
  for (const e of entries) {
    expect(one(e, "updated").text).toMatch(RFC3339);
    expect(one(e, "title").text).not.toBe("");
    expect(kids(e, "link").find((l) => l.attrs.rel === "alternate")?.attrs.href).toBe(one(e, "id").text);
  }
  expect(one(entries[0], "id").text).toBe(
    `${PUBLIC_URL}/blog/flu?parlor-comment=${reply.comment.id}#comment-${reply.comment.id}`,
  );
  const content = one(entries[1], "content");
  expect(content.attrs.type).toBe("html");
  expect(content.text).toBe("<p>Is it <strong>safe</strong>? &lt;script&gt;alert(1)&lt;/script&gt;</p>\n");
  expect(one(feed, "updated").text).toBe(one(entries[0], "updated").text);

  // The same request gives the same ids (a reader must not see old comments as new).
  const again = parseXml(await (await t.call("GET", "/comments/feed.atom?uri=/blog/flu")).text());
  expect(kids(again, "entry").map((e) => one(e, "id").text)).toEqual(entries.map((e) => one(e, "id").text));
});

it("the site feed lists approved comments of every page; a bad uri is a 400", async () => {
  const t = await createTestApp();
  await postComment(t, { uri: "/a", name: "One" });
  await postComment(t, { uri: "/b", name: "Two" });
  await postComment(t, { uri: "/b", name: "Waiting", approve: false });
  const feed = parseXml(await (await t.call("GET", "/comments/feed.atom")).text());
  expect(one(feed, "title").text).toBe("Comments on the blog");
  expect(kids(feed, "entry").map((e) => one(e, "title").text)).toEqual(["Two on /b", "One on /a"]);
  expect((await t.call("GET", "/v1/feed.atom")).status).toBe(200);
  const bad = await t.call("GET", "/comments/feed.atom?uri=javascript:alert(1)");
  expect(bad.status).toBe(400);
  expect(bad.headers.get("content-type")).toContain("application/problem+json");
  const empty = parseXml(await (await t.call("GET", "/comments/feed.atom?uri=/nothing")).text());
  expect(one(empty, "updated").text).toMatch(RFC3339);
  expect(kids(empty, "entry")).toHaveLength(0);
});
