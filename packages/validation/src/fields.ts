import { z } from "zod";
import { addressProblem, isEmailAddress } from "./address.ts";
import { cleanText, visibleText } from "./text.ts";

/**
 * An email address as typed (surrounding space removed), by the one address rule (`addressProblem`): at most 254
 * characters, at most 64 before the @, a dot-atom local part and a domain name. The error names the broken rule.
 */
export const Email = z
  .string({ error: "must be a string" })
  .trim()
  .refine(isEmailAddress, { error: (issue) => addressProblem(String(issue.input)) ?? "must be a valid email address" });
export type Email = z.infer<typeof Email>;

/** A display name: 1–100 characters of text with at least one visible, shown as text by every client. */
export const DisplayName = visibleText(
  z.string({ error: "must be a string" }).trim().min(1, "must not be empty").max(100, "must be at most 100 characters"),
);
export type DisplayName = z.infer<typeof DisplayName>;

/** The title of the page a comment is posted under (the widget sends it): up to 200 characters of clean text. */
export const PageTitle = cleanText(
  z.string({ error: "must be a string" }).trim().max(200, "must be at most 200 characters"),
);
export type PageTitle = z.infer<typeof PageTitle>;

/** A website: an http: or https: URL of at most 2,048 characters. */
export const WebsiteUrl = z
  .string({ error: "must be a string" })
  .trim()
  .max(2048, "must be at most 2048 characters")
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === "http:" || u.protocol === "https:") && u.hostname !== "";
    } catch {
      return false;
    }
  }, "must be an http: or https: URL");
export type WebsiteUrl = z.infer<typeof WebsiteUrl>;

/** A Markdown body: 1–10,000 characters after trimming, at least one of them visible. */
export const MarkdownBody = visibleText(
  z
    .string({ error: "must be a string" })
    .trim()
    .min(1, "must not be empty")
    .max(10_000, "must be at most 10000 characters"),
  true,
);
export type MarkdownBody = z.infer<typeof MarkdownBody>;

/** An opaque id as the API hands it out (ULID or stringified integer). */
export const Id = z.string({ error: "must be a string" }).regex(/^[0-9A-Za-z_-]{1,64}$/, "must be an id");
export type Id = z.infer<typeof Id>;
