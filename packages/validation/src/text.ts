import { z } from "zod";
import { hasVisibleText, VISIBLE_MESSAGE } from "./visible.ts";

// Control characters (NUL included) and bidi overrides are never part of a name or a body a reader means to write;
// bidi overrides are how "moc.elpmaxe" spoofing works. Tab and newline stay legal in bodies.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const BIDI_OVERRIDE = /[\u202a-\u202e\u2066-\u2069]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What cleanText lets through: no control characters (but tab and newline with `allowNewlines`), no bidi overrides,
 * valid UTF-16. */
export function isCleanText(s: string, allowNewlines = false): boolean {
  return (
    !(allowNewlines ? CONTROL : /[\u0000-\u001f\u007f]/).test(s) && !BIDI_OVERRIDE.test(s) && !LONE_SURROGATE.test(s)
  );
}

/** Fails when a string holds control characters, bidi overrides or invalid UTF-16. */
export function cleanText(schema: z.ZodString, allowNewlines = false) {
  return schema
    .refine((s) => !(allowNewlines ? CONTROL : /[\u0000-\u001f\u007f]/).test(s), "must not contain control characters")
    .refine((s) => !BIDI_OVERRIDE.test(s), "must not contain bidirectional override characters")
    .refine((s) => !LONE_SURROGATE.test(s), "must be valid Unicode text");
}

/** `cleanText` that also needs one visible character: a name or a body of only zero-width or space characters fails. */
export function visibleText(schema: z.ZodString, allowNewlines = false) {
  return cleanText(schema, allowNewlines).refine(hasVisibleText, VISIBLE_MESSAGE);
}

/** Optional form fields arrive as "" from HTML forms and some clients: treat them as absent. */
export function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());
}
