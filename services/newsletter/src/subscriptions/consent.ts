import { createHash } from "node:crypto";
import { LOCALES, type Locale } from "@parlor/kit/http";
import type { NewsletterConfig } from "../config.ts";

// The words a reader agrees to are the words the consent record keeps. The widget and the service's own forms
// show the configured wording for the reader's language and post back its version (a digest, never the text: a
// client's words are not evidence), and the signup records the configured wording of that version.

/** The consent wording a reader in `locale` is shown, as the operator set it (else CONSENT_TEXT). */
export function consentTextIn(config: NewsletterConfig, locale: Locale): string {
  if (locale === "en") return config.CONSENT_TEXT;
  return config[`CONSENT_TEXT_${locale.toUpperCase() as Uppercase<Exclude<Locale, "en">>}`] ?? config.CONSENT_TEXT;
}

/** A wording's version: the first 16 hex digits of its SHA-256. */
export function consentVersion(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

/** The configured wording (of any language) with that version; undefined when none has it (it changed since). */
export function consentTextOfVersion(config: NewsletterConfig, version: string): string | undefined {
  for (const locale of LOCALES) {
    const text = consentTextIn(config, locale);
    if (consentVersion(text) === version) return text;
  }
  return undefined;
}
