import fc from "fast-check";
import { DomUtils, parseDocument } from "htmlparser2";
import { expect } from "vitest";
import { recordReliability, reliabilitySize } from "./index.ts";

// What an attacker or a broken client sends, for property tests over every endpoint of a service: strings with
// NUL, lone surrogates, RTL overrides and zero-width characters, 100 KB strings, IDN and plus-addressed emails,
// wrong types, deep nesting. Imported from "@parlor/kit/testing/hostile-input" by each service's hostile-input test.

export const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 50 }),
  fc.constantFrom(
    "\u0000",
    "a\u0000b",
    "\u202egnp.exe",
    "Ann\u202e\u2066evil\u2069",
    "\u200b\u200c\u200d\ufeff",
    "An\u200bn",
    "ﬀ",
    "\ud800",
    "x".repeat(100_000),
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "/\u0000/",
    "Ω≈ç√∫˜µ≤≥÷",
    "null",
    "[]",
    "{}",
    "%00",
    "\r\nBcc: x@y.z",
    // Look-alikes and empties: reserved and moderator names written with other letters, spaced or dotted
    // words, names and bodies of nothing visible.
    "ｏｗｎｅｒ",
    "Mоderator",
    "M o d e r a t o r",
    "vіagra",
    "V I A G R A",
    "v.i.a.g.r.a",
    "\u3164\u2800\u200b",
    "\u00a0\u180e\u2060",
    // Costly to parse or normalise at a comment's full length (10,000 characters).
    "[[".repeat(5000),
    "![".repeat(5000),
    "mrn-".repeat(2500),
    "\ufdfa".repeat(10_000),
  ),
);

/** Address-like strings: valid, IDN, plus-addressed, and broken ones. */
export const emailish = fc.oneof(
  fc.emailAddress(),
  fc.constantFrom(
    "用户@例子.广告",
    "user+tag@exämple.com",
    "ann+news@example.com",
    "ann@xn--bcher-kva.example",
    "ANN@EXAMPLE.COM",
    " ann@example.com ",
    "ann@example.com\u0000",
    "\u202eann@example.com",
    "ann\u200b@example.com",
    "ann@example.com\r\nBcc: x@y.z",
    `${"a".repeat(100_000)}@example.com`,
    "a@b",
    "@example.com",
    "ann@",
    "ann@@example.com",
    "info@example.com",
    "ann@mailinator.com",
    "troll+again@example.com",
    "t.r.o.l.l+x@googlemail.com",
  ),
);

/** What a proxy may put in X-Forwarded-For: IPv4 and IPv6 addresses in every spelling, and junk. */
export const clientAddressish = fc.oneof(
  fc.ipV4(),
  fc.ipV6(),
  fc.constantFrom(
    "2001:db8:1:3::1",
    "2001:DB8:1:3:0:0:0:22",
    "::ffff:203.0.113.9",
    "::FFFF:cb00:7109",
    "[2001:db8::1]",
    "fe80::1%eth0",
    "::",
    "::1",
    "64:ff9b::192.0.2.1",
    "unknown",
    "203.0.113.7, 198.51.100.1",
    "1.2.3.4.5",
    ":::",
    "",
  ),
  nasty.map((s) => s.slice(0, 100)),
);

export const anyValue = fc.oneof(
  nasty,
  emailish,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(nasty, { maxLength: 3 }),
  fc.dictionary(nasty, nasty, { maxKeys: 3 }),
);

/** `[[[…]]]` nested n deep. */
export const deep = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;

/** A path segment; a lone surrogate has no UTF-8 form, so it becomes the bytes a broken client would send. */
export function pathPart(s: string) {
  try {
    return encodeURIComponent(s);
  } catch {
    return "%ED%A0%80";
  }
}

/** HTTP header values are bytes: a client cannot send characters above U+00FF there. */
export const headerSafe = (s: string) => s.replace(/[^\x20-\x7e\x80-\xff]/g, "?");

export const asText = (v: unknown) => (typeof v === "string" ? v : (JSON.stringify(v) ?? "undefined"));

/** Property runs: a few hundred under `pnpm test`, three times as many under `pnpm test:reliability`. */
export const runs = (n: number) => reliabilitySize(n, n * 3);

const tally = { tried: 0, serverErrors: 0 };

/** Never a 5xx; every 4xx problem+json (or, for a browser's form post, an HTML page). Counts what it checked. */
export async function expectSafe(res: Response) {
  tally.tried++;
  if (res.status >= 500) tally.serverErrors++;
  expect(res.status).toBeLessThan(500);
  if (res.status >= 400) {
    const type = res.headers.get("content-type") ?? "";
    expect(type.includes("application/problem+json") || type.includes("text/html"), `${res.status} ${type}`).toBe(true);
  }
}

/** Records the inputs this file tried (call in afterAll). */
export function recordHostileInputs(name: string) {
  recordReliability({
    kind: "input",
    name,
    ok: tally.serverErrors === 0,
    inputsTried: tally.tried,
    serverErrors: tally.serverErrors,
  });
  // The next file counts its own (without isolation this module is shared by the files of a worker).
  tally.tried = 0;
  tally.serverErrors = 0;
}

const NEVER = ["script", "iframe", "frame", "object", "embed", "svg", "math", "base", "applet", "portal"];
// Allowed in a page or email template (a stylesheet, a charset, a form button), never more of them than the
// template has with harmless content in it.
const COUNTED = ["style", "meta", "link", "form", "input", "button", "textarea", "select"];
const URL_ATTRS = /^(href|src|action|formaction|xlink:href|data|poster|background|cite|srcdoc|srcset)$/i;

function schemeOf(value: string): string {
  const decoded = value
    .replace(/&#x([0-9a-f]+);?/gi, (_m, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_m, dec: string) => String.fromCodePoint(Number.parseInt(dec, 10)))
    .replace(/&colon;/gi, ":");
  const cleaned = [...decoded].filter((ch) => (ch.codePointAt(0) ?? 0) > 0x20 && !/\s/.test(ch)).join("");
  return /^[a-z][a-z0-9+.-]*:/i.exec(cleaned)?.[0].toLowerCase() ?? "";
}

/**
 * Reasons a whole HTML document (a page, an email's HTML part, an API `html` field) could run script: a
 * scripting element, an `on…` attribute, a javascript:/data:/vbscript: URL, or more stylesheets, forms or meta
 * tags than `baseline` (the same template with harmless content) has. Empty when it is inert.
 */
export function findScriptable(html: string, baseline = ""): string[] {
  const problems: string[] = [];
  const all = (doc: string) => DomUtils.findAll(() => true, parseDocument(doc).children);
  const count = (els: ReturnType<typeof all>, tag: string) => els.filter((e) => e.name.toLowerCase() === tag).length;
  const elements = all(html);
  const base = all(baseline);
  for (const el of elements) {
    const name = el.name.toLowerCase();
    if (NEVER.includes(name)) problems.push(`<${name}>`);
    for (const [attr, value] of Object.entries(el.attribs)) {
      if (/^on/i.test(attr)) problems.push(`${attr} on <${name}>`);
      if (URL_ATTRS.test(attr) && ["javascript:", "data:", "vbscript:"].includes(schemeOf(value)))
        problems.push(`${attr}=${value.slice(0, 60)} on <${name}>`);
      if (/^http-equiv$/i.test(attr) && /refresh/i.test(value)) problems.push("meta refresh");
    }
  }
  for (const tag of COUNTED) {
    if (count(elements, tag) > count(base, tag)) problems.push(`an extra <${tag}>`);
  }
  return problems;
}

/**
 * Ways to name another site where a same-origin page is expected (a form's `returnTo`, the Referer, a page
 * path), as a browser's URL parser (WHATWG) reads them: backslashes as slashes, tabs and newlines stripped,
 * protocol-relative and scheme-relative forms, user info, encoded slashes, ideographic and fullwidth full stops
 * folded by IDNA, and script or data URLs. `evil.example` is the host none of them may reach.
 */
export const URL_TRICKS = [
  "//evil.example/x",
  "///evil.example/x",
  "////evil.example/x",
  "/\\evil.example/x",
  "\\\\evil.example\\x",
  "\\/evil.example/x",
  "/\\/evil.example/x",
  "http://a//evil.example/x",
  "https://a//evil.example/x",
  "http:/\\evil.example/x",
  "https:\\\\evil.example/x",
  "https:evil.example/x",
  "http:evil.example",
  "/\t/evil.example/x",
  "/\n/evil.example/x",
  "/\r\n/evil.example/x",
  "\t//evil.example/x",
  " //evil.example/x",
  "/%2f%2fevil.example/x",
  "%2f%2fevil.example/x",
  "/%5cevil.example/x",
  "/%2F/evil.example",
  "https://blog.example@evil.example/x",
  "https://blog.example:pw@evil.example/x",
  "//blog.example@evil.example/x",
  "https://evil.example@blog.example/x",
  "https://blog.example／@evil.example/x",
  "https://blog.example%40evil.example/x",
  "/。evil.example/x",
  "//evil。example/x",
  "https://evil。example/x",
  "https://evil．example/x",
  "//evil%E3%80%82example/x",
  "https://blog.example.evil.example/x",
  "https://blog.example:443.evil.example/x",
  "http://blog.example/x",
  "https://evil.example",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "java\tscript:alert(1)",
  " javascript:alert(1)",
  "javascript://blog.example/%0Aalert(1)",
  "data:text/html,<script>alert(1)</script>",
  "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
  "vbscript:msgbox(1)",
  "blob:https://evil.example/x",
  "ftp://evil.example/x",
  "mailto:a@evil.example",
  "\u0000//evil.example/x",
  `/${"a".repeat(5000)}`,
];

/** Values of `URL_TRICKS` an HTTP client can carry in a header (no line breaks, no NUL, no non-Latin-1). */
export const headerTricks = URL_TRICKS.filter((t) => !/[\r\n\u0000]|[^\u0000-\u00ff]/.test(t));

/**
 * Asserts that an answer to a form post stays on `origin`: its `Location` (if any), and every link of an HTML
 * page (`href`, `src`, `action`, `formaction`), resolved as a browser would, are http(s) URLs on that origin
 * with no user info. `except` lists links the page may carry on purpose (a crisis helpline).
 */
export async function expectSameOrigin(res: Response, origin: string, except: string[] = []) {
  const where = `${res.status} ${res.headers.get("location") ?? ""}`;
  const check = (link: string, what: string) => {
    let url: URL | null = null;
    try {
      url = new URL(link, origin);
    } catch {
      /* a link a browser cannot follow goes nowhere */
    }
    if (url === null) return;
    expect(`${what} ${url.origin}${url.username || url.password ? " (with user info)" : ""}`, where).toBe(
      `${what} ${origin}`,
    );
  };
  const location = res.headers.get("location");
  if (location !== null) check(location, "Location");
  if ((res.headers.get("content-type") ?? "").includes("text/html")) {
    const elements = DomUtils.findAll(() => true, parseDocument(await res.text()).children);
    for (const el of elements) {
      for (const [attr, value] of Object.entries(el.attribs)) {
        if (/^(href|src|action|formaction)$/i.test(attr) && !except.includes(value))
          check(value, `${el.name}[${attr}]`);
      }
    }
  }
}
