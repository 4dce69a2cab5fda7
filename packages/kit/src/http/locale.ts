import type { Context } from "hono";
import { parseAccept } from "hono/utils/accept";

// The languages Parlor speaks to readers (the widget's catalogues in @parlor/widget, the reader emails in each
// service), and how a request names the reader's: the widget sends its own language as Accept-Language, a plain
// form post sends the browser's.

export const LOCALES = ["en", "es", "de", "fr", "pt", "ar"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** The first shipped language of a tag (`pt-BR` is `pt`), or null. */
export function localeOf(tag: string): Locale | null {
  const lower = tag.trim().toLowerCase();
  if (isLocale(lower)) return lower;
  const language = lower.split("-")[0];
  return isLocale(language) ? language : null;
}

/** The reader's language from Accept-Language (hono parses it; by quality, then order), English when none fits. */
export function readerLocale(c: Context): Locale {
  return localeFromHeader(c.req.header("accept-language"));
}

/** readerLocale from the Accept-Language header's value (undefined: none), for a road without a Context. */
export function localeFromHeader(header: string | undefined): Locale {
  if (!header) return DEFAULT_LOCALE;
  const sorted = parseAccept(header)
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const range of sorted) {
    const found = localeOf(range.type);
    if (found) return found;
  }
  return DEFAULT_LOCALE;
}
