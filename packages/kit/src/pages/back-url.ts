// What a browser's URL parser (WHATWG) would read differently from what a path check sees: backslashes are
// slashes in http(s) URLs, tabs and newlines are stripped, so `/\host`, `/\thost` and `\\host` all name another
// host. A percent-encoded slash or backslash is refused too, since a server behind us may decode it into `//host`.
const UNSAFE = /[\u0000-\u0020\u007f\\]|%(2f|5c)/i;

/**
 * `candidate` as an absolute URL on `origin`, or null when it is not a plain same-origin page: it must be a
 * path (`/blog/post?x=1`) or an http(s) URL on that very origin, with no user info, no backslash, no whitespace
 * or control character, no protocol-relative `//host`, and no encoded slash.
 */
export function sameOriginUrl(origin: string, candidate: unknown): URL | null {
  if (typeof candidate !== "string" || candidate.length === 0 || candidate.length > 4096) return null;
  if (UNSAFE.test(candidate)) return null;
  const isPath = candidate.startsWith("/") && !candidate.startsWith("//");
  if (!isPath && !/^https?:\/\//i.test(candidate)) return null;
  let url: URL;
  try {
    url = new URL(candidate, origin);
  } catch {
    return null;
  }
  if (url.origin !== origin || url.username !== "" || url.password !== "") return null;
  return url;
}

/**
 * Where a form post without JavaScript goes back to, and the "Go back" link of its answer page: the first of
 * `candidates` (a `returnTo` field, the Referer, a page path) that is a page on PUBLIC_URL's origin, else
 * `fallback` there if it is one, else the origin's root; with the outcome in `?parlor=` and the anchor. Never
 * another origin: no open redirect, whatever the candidates say.
 *
 *   c.redirect(backUrl(publicUrl, { candidates: [form.returnTo, c.req.header("referer")], fallback: uri,
 *     outcome: "held", anchor: "comments" }), 303);
 */
export function backUrl(
  publicUrl: string,
  options: { candidates: unknown[]; fallback?: string; outcome: string; anchor: string },
): string {
  const origin = new URL(publicUrl).origin;
  const target =
    options.candidates.map((c) => sameOriginUrl(origin, c)).find((u) => u !== null) ??
    sameOriginUrl(origin, options.fallback) ??
    new URL("/", origin);
  target.searchParams.set("parlor", options.outcome);
  target.hash = options.anchor;
  return target.toString();
}
