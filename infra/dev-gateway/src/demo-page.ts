import { html, raw } from "hono/html";

/** The demo article (demo/article.md): front-matter fields plus the body as blocks. */
/**
 * The demo's consent wording: its plain form shows it, and the gateway gives it to the newsletter service as
 * CONSENT_TEXT (unless that is set), which the box asks for and which each signup's consent record keeps.
 */
export const DEMO_CONSENT_TEXT = "Email me Dr. Kim's health tips. I can unsubscribe with one click at any time.";

export interface Article {
  path: string;
  meta: Record<string, string>;
  blocks: Block[];
}
type Block = { kind: "h2" | "h3" | "p"; text: string } | { kind: "aside"; blocks: Block[] };

/**
 * Reads the small Markdown subset the article uses: `key: value` front matter between `---` lines, `##`/`###`
 * headings, paragraphs, `**bold**`, `[text](href)`, and a `::: aside` … `:::` block whose every line is a block.
 */
export function parseArticle(source: string): Article {
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(source.replace(/\r\n/g, "\n"));
  if (!m) throw new Error("the article has no front matter");
  const meta: Record<string, string> = {};
  for (const line of m[1].split("\n")) {
    const at = line.indexOf(": ");
    if (at > 0) meta[line.slice(0, at).trim()] = line.slice(at + 2).trim();
  }
  if (!meta.path?.startsWith("/")) throw new Error("the article's front matter needs a path");
  const block = (text: string): Block => {
    const h = /^(#{2,3}) (.*)$/.exec(text);
    return h ? { kind: h[1].length === 2 ? "h2" : "h3", text: h[2] } : { kind: "p", text };
  };
  const blocks: Block[] = [];
  for (const chunk of m[2].split(/\n{2,}/)) {
    const text = chunk.trim();
    if (!text) continue;
    const aside = /^::: aside\n([\s\S]*?)\n:::$/.exec(text);
    if (aside) blocks.push({ kind: "aside", blocks: aside[1].split("\n").filter(Boolean).map(block) });
    else blocks.push(block(text.replace(/\n/g, " ")));
  }
  return { path: meta.path, meta, blocks };
}

/** `**bold**` and `[text](href)` as escaped HTML; only https and site-relative links become links. */
function inline(text: string): unknown[] {
  const parts: unknown[] = [];
  const re = /\*\*(.+?)\*\*|\[([^\]]+)\]\(([^)\s]+)\)/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    parts.push(text.slice(last, m.index));
    if (m[1] !== undefined) parts.push(html`<strong>${m[1]}</strong>`);
    else if (/^(https:\/\/|\/(?!\/))/.test(m[3])) parts.push(html`<a href="${m[3]}">${m[2]}</a>`);
    else parts.push(m[2]);
    last = re.lastIndex;
  }
  parts.push(text.slice(last));
  return parts;
}

function renderBlock(b: Block): unknown {
  if (b.kind === "aside") return html`<aside class="cta">${b.blocks.map(renderBlock)}</aside>`;
  if (b.kind === "h2") return html`<h2>${inline(b.text)}</h2>`;
  if (b.kind === "h3") return html`<h3>${inline(b.text)}</h3>`;
  return html`<p>${inline(b.text)}</p>`;
}

// What the services put in `?parlor=` after a form post without JavaScript, and which box says it.
const OUTCOMES: Record<string, { box: "comments" | "newsletter"; text: string }> = {
  held: { box: "comments", text: "Thank you! Your comment is waiting for a moderator and appears here once approved." },
  published: { box: "comments", text: "Thank you! Your comment is published." },
  crisis: { box: "comments", text: "Thank you. Your comment is waiting for a moderator, and a person will read it." },
  error: { box: "comments", text: "Your comment was not posted. Please try again." },
  pending: { box: "newsletter", text: "Almost done: check your inbox and click the link to confirm." },
  subscribed: { box: "newsletter", text: "Almost done: check your inbox and click the link to confirm." },
};

export function renderDemoPage(article: Article, options: { nonce: string; outcome?: string }) {
  const { meta, path } = article;
  const outcome = options.outcome ? OUTCOMES[options.outcome] : undefined;
  const status = (box: "comments" | "newsletter") =>
    outcome?.box === box ? html`<p class="status" role="status">${outcome.text}</p>` : "";
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${meta.title} · Dr. Kim</title>
<meta name="description" content="${meta.description}">
<style nonce="${options.nonce}">${raw(STYLE)}</style>
</head>
<body>
<header class="site"><a href="/">Dr. Kim · Health blog</a><span>Parlor dev gateway demo</span></header>
<main>
<article>
<header>
<h1>${meta.title}</h1>
<p class="dek">${meta.description}</p>
<p class="byline">${meta.author} · <time datetime="${meta.date}">${meta.dateLabel}</time> · ${meta.readingTime}</p>
</header>
${article.blocks.map(renderBlock)}
</article>

<div id="comments" class="box" data-parlor-comments data-uri="${path}">
<section aria-labelledby="comments-title">
<h2 id="comments-title">${meta.commentsTitle}</h2>
${status("comments")}
<p class="lead">${meta.commentsEmpty}</p>
<noscript><p class="hint">Turn on JavaScript to read the comments; posting works without it.</p></noscript>
<form method="post" action="/v1/comments" class="form">
<input type="hidden" name="uri" value="${path}">
<label>Your comment <textarea name="body" rows="5" required maxlength="10000"></textarea></label>
<p class="hint"><strong>Please don't share personal health details or contact information</strong> — this page is public. Markdown works: **bold**, _italic_, [a link](https://…).</p>
<div class="row">
<label>Name <input name="name" required maxlength="100" autocomplete="name"></label>
<label><span>Email <small>(optional, never shown)</small></span> <input type="email" name="email" autocomplete="email"></label>
</div>
<label><span>Website <small>(optional)</small></span> <input type="url" name="website" placeholder="https://" autocomplete="url"></label>
<div class="hp" aria-hidden="true"><label>Leave this empty <input name="homepage" tabindex="-1" autocomplete="off"></label></div>
<label class="check"><input type="checkbox" name="notifyReplies"> Notify me of replies (we ask you to confirm your address once)</label>
<button type="submit">Post comment</button>
<p class="hint">A moderator reads every comment before it appears.</p>
</form>
</section>
</div>

<div id="newsletter" class="box" data-parlor-newsletter data-source="${path}">
<section aria-labelledby="newsletter-title">
<h2 id="newsletter-title">${meta.newsletterTitle}</h2>
<p class="lead">${meta.newsletterText}</p>
${status("newsletter")}
<form method="post" action="/v1/subscriptions" class="form">
<input type="hidden" name="source" value="${path}">
<label>Email <input type="email" name="email" required autocomplete="email"></label>
<div class="hp" aria-hidden="true"><label>Company <input name="company" tabindex="-1" autocomplete="off"></label></div>
<label class="check"><input type="checkbox" name="consent" required> ${DEMO_CONSENT_TEXT}</label>
<button type="submit">Subscribe</button>
</form>
</section>
</div>
</main>
<footer class="site">Demo page of the Parlor dev gateway: no cookies, no third-party requests.</footer>
<script src="/comments/embed.js" nonce="${options.nonce}" defer></script>
<script src="/newsletter/embed.js" nonce="${options.nonce}" defer></script>
</body>
</html>`;
}

export function notFoundPage(articlePath: string) {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Not found</title></head>
<body><h1>Not found</h1><p>This demo site has one page: <a href="${articlePath}">the article</a>.</p></body></html>`;
}

const STYLE = `
:root{--bg:#fdfcf9;--fg:#1d1d1f;--muted:#5f6368;--line:#ddd8cf;--box:#f4f1ea;--accent:#1f6f5c;--accent-fg:#fff}
@media (prefers-color-scheme:dark){:root{--bg:#141517;--fg:#e8e6e3;--muted:#a3a7ad;--line:#34373b;--box:#1d1f22;--accent:#63c2a6;--accent-fg:#0d1411}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:18px/1.65 Georgia,"Iowan Old Style","Times New Roman",serif}
main{max-width:42rem;margin:0 auto;padding:0 1.25rem 3rem}
.site{display:flex;justify-content:space-between;gap:1rem;max-width:42rem;margin:0 auto;padding:1rem 1.25rem;
  font:14px/1.4 system-ui,sans-serif;color:var(--muted)}
.site a{color:var(--fg);font-weight:600;text-decoration:none}
h1{font-size:2.1rem;line-height:1.2;margin:1.5rem 0 .75rem}
h2{font-size:1.4rem;line-height:1.3;margin:2.25rem 0 .5rem}
h1,h2,h3,.byline,.box,.cta{font-family:system-ui,-apple-system,"Segoe UI",sans-serif}
.dek{font-size:1.15rem;color:var(--muted);margin:0 0 .75rem}
.byline{font-size:.9rem;color:var(--muted);border-bottom:1px solid var(--line);padding-bottom:1rem}
a{color:var(--accent)}
.cta{margin:2.5rem 0;padding:1.25rem 1.5rem;border-radius:.75rem;background:var(--box);border:1px solid var(--line)}
.cta h3{margin:0 0 .25rem}.cta p{margin:.35rem 0}.cta p:last-child{font-size:.85rem;color:var(--muted)}
.box{margin:2.5rem 0;padding:1.5rem;border:1px solid var(--line);border-radius:.75rem;font-size:1rem;line-height:1.5}
.box h2{margin:0 0 .25rem}.lead{margin:.25rem 0 1rem;color:var(--muted)}
.status{padding:.6rem .8rem;border-radius:.5rem;background:var(--box);border-left:4px solid var(--accent)}
.form{display:grid;gap:.75rem}.form label{display:grid;gap:.25rem;font-weight:600;font-size:.95rem}
.form small{font-weight:400;color:var(--muted)}
.row{display:grid;gap:.75rem;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr))}
input,textarea{font:inherit;font-weight:400;color:var(--fg);background:var(--bg);border:1px solid var(--line);
  border-radius:.4rem;padding:.5rem .6rem;width:100%}
.form .check{display:flex;gap:.5rem;align-items:baseline;font-weight:400}.check input{width:auto}
button{font:inherit;font-weight:600;cursor:pointer;justify-self:start;border:0;border-radius:.4rem;
  padding:.55rem 1.1rem;background:var(--accent);color:var(--accent-fg)}
.hint{margin:0;font-size:.85rem;color:var(--muted)}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
footer.site{border-top:1px solid var(--line)}
`;
