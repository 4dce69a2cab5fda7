import { once } from "node:events";
import { createWriteStream } from "node:fs";

/** Writes a Disqus-shaped export of `count` comments in count/50 threads: a third are replies, some deleted or spam. */
export async function writeDisqusFile(file: string, count: number) {
  const threads = Math.max(1, Math.round(count / 50));
  const out = createWriteStream(file);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, "drain");
  };
  const words = "the a flu shot sleep vitamin doctor dose winter pain child fever allergy diet water walk rest".split(
    " ",
  );
  const sentence = (i: number) =>
    Array.from({ length: 8 + (i % 30) }, (_, k) => words[(i * 7 + k * 13) % words.length]).join(" ");

  await write(
    '<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n',
  );
  for (let t = 0; t < threads; t++) {
    await write(
      `  <thread dsq:id="t${t}">\n    <link>https://blog.example/${2010 + (t % 15)}/post-${t}/</link>\n    <title>Post ${t}</title>\n    <createdAt>2015-01-01T00:00:00Z</createdAt>\n  </thread>\n`,
    );
  }
  const start = Date.parse("2015-01-01T00:00:00Z");
  for (let i = 0; i < count; i++) {
    const thread = i % threads;
    // About a third are replies, to an earlier comment of the same thread.
    const parent = i >= threads && i % 3 === 0 ? i - threads * (1 + (i % 4)) : -1;
    const at = new Date(start + i * 60_000).toISOString();
    await write(
      `  <post dsq:id="p${i}">
      <message><![CDATA[<p>${sentence(i)} <b>${i}</b> — grüße 👋</p><p><a href="https://example.org/${i}">source</a></p>]]></message>
      <createdAt>${at}</createdAt>
      <isDeleted>${i % 97 === 0}</isDeleted>
      <isSpam>${i % 89 === 0}</isSpam>
      <author><email>reader${i % 5000}@example.com</email><name>Reader ${i % 5000}</name><isAnonymous>false</isAnonymous></author>
      <thread dsq:id="t${thread}" />${parent >= 0 ? `\n    <parent dsq:id="p${parent}" />` : ""}
    </post>
  `,
    );
  }
  await write("</disqus>\n");
  out.end();
  await once(out, "finish");
  return { threads };
}
