import { z } from "zod";

/** An opaque pagination cursor as returned in `nextCursor`. */
export const Cursor = z
  .string({ error: "must be a string" })
  .max(512, "must be at most 512 characters")
  .regex(/^[A-Za-z0-9_-]+$/, "must be a cursor returned by this API");
export type Cursor = z.infer<typeof Cursor>;

/** `limit` query parameter: default 20, larger values clamped to 100. */
export const PageLimit = z.coerce
  .number({ error: "must be a number" })
  .int("must be a whole number")
  .min(1, "must be at least 1")
  .transform((n) => Math.min(n, 100))
  .default(20);

/** Encodes any JSON value as a URL-safe cursor string. */
export function encodeCursor(value: unknown): string {
  const json = JSON.stringify(value);
  return btoa(String.fromCharCode(...new TextEncoder().encode(json)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** Decodes a cursor made by encodeCursor; null when it was not made by us. */
export function decodeCursor(cursor: string): unknown {
  try {
    const bin = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))));
  } catch {
    return null;
  }
}
