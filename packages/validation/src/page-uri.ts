import { z } from "zod";

/**
 * Normalises what a page calls its address into the thread key: origin, query and fragment dropped,
 * a trailing slash removed (except for "/"). Returns null when nothing path-like is left.
 *
 *   normalizePageUri("https://blog.example/a/b/?x=1#c") === "/a/b"
 */
export function normalizePageUri(input: string): string | null {
  let s = input.trim();
  if (s === "") return null;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) {
    try {
      const u = new URL(s);
      if (u.protocol !== "http:" && u.protocol !== "https:") return null;
      s = u.pathname;
    } catch {
      return null;
    }
  } else if (s.startsWith("//")) {
    return null; // a protocol-relative URL names another origin, not a path
  }
  s = s.replace(/[?#].*$/s, "");
  if (!s.startsWith("/")) return null;
  if (s.length > 1) s = s.replace(/\/+$/, "") || "/";
  return s;
}

/** A page path (see normalizePageUri), at most 2,048 characters, without control characters. */
export const PageUri = z
  .string({ error: "must be a string" })
  .max(2048, "must be at most 2048 characters")
  .transform((s, ctx) => {
    const uri = /[\u0000-\u001f\u007f\s]/.test(s.trim()) ? null : normalizePageUri(s);
    if (uri === null) {
      ctx.addIssue({ code: "custom", message: "must be a page path such as /blog/my-article" });
      return z.NEVER;
    }
    return uri;
  });
export type PageUri = z.infer<typeof PageUri>;
