const escapeXml = (s: string) =>
  s.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c] as string);

// XML 1.0 cannot carry most control characters, even escaped; a feed reader would refuse the whole feed.
const xmlText = (s: string) => escapeXml(s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, ""));

export interface AtomPerson {
  name: string;
  uri?: string | null;
}

export interface AtomEntry {
  /** A permanent IRI: it never changes for this entry (readers use it to tell new entries from old). */
  id: string;
  title: string;
  /** RFC 3339 times (ISO-8601 UTC strings as stored). */
  updated: string;
  published?: string;
  author?: AtomPerson;
  /** The entry's web page (rel="alternate"). */
  link: string;
  /** Already sanitized HTML, sent escaped as `type="html"`. */
  html?: string;
}

export interface AtomFeed {
  /** The feed's own URL: its id and rel="self". */
  selfUrl: string;
  title: string;
  /** The web page the feed is about (rel="alternate"). */
  alternateUrl: string;
  /** The feed's author, required by RFC 4287 §4.1.1 unless every entry has one. */
  author?: AtomPerson;
  entries: AtomEntry[];
  /** `<updated>` when there is no entry yet. */
  now: Date;
}

const person = (tag: string, p: AtomPerson) =>
  `<${tag}><name>${xmlText(p.name)}</name>${p.uri ? `<uri>${xmlText(p.uri)}</uri>` : ""}</${tag}>`;

/**
 * An Atom 1.0 document (RFC 4287): every required element (feed id, title, updated; entry id, title, updated,
 * author here or on the feed) with RFC 3339 dates; the feed's `updated` is its newest entry's. Used by the comments'
 * feeds and the newsletter's archive feed.
 *
 *   c.body(renderAtom({ selfUrl, title, alternateUrl, author: { name: "The list" }, entries, now }), 200, { … });
 */
export function renderAtom(f: AtomFeed): string {
  // ISO-8601 UTC strings sort as their times do.
  const updated =
    f.entries
      .map((e) => e.updated)
      .sort()
      .at(-1) ?? f.now.toISOString();
  const entries = f.entries.map(
    (e) => `  <entry>
    <id>${xmlText(e.id)}</id>
    <title>${xmlText(e.title)}</title>
    <updated>${xmlText(e.updated)}</updated>
${e.published ? `    <published>${xmlText(e.published)}</published>\n` : ""}${e.author ? `    ${person("author", e.author)}\n` : ""}    <link rel="alternate" type="text/html" href="${xmlText(e.link)}"/>
${e.html !== undefined ? `    <content type="html">${xmlText(e.html)}</content>\n` : ""}  </entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${xmlText(f.selfUrl)}</id>
  <title>${xmlText(f.title)}</title>
  <updated>${updated}</updated>
${f.author ? `  ${person("author", f.author)}\n` : ""}  <link rel="self" type="application/atom+xml" href="${xmlText(f.selfUrl)}"/>
  <link rel="alternate" type="text/html" href="${xmlText(f.alternateUrl)}"/>
  <generator>Parlor</generator>
${entries.join("\n")}${entries.length ? "\n" : ""}</feed>
`;
}
