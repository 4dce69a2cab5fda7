import { Cursor, cleanText, PageLimit, SubscriberStatus } from "@parlor/validation";
import { z } from "zod";

/** `GET /v1/admin/newsletter/subscribers`: a page of the list, by status and a search. */
export const SubscriberQuery = z.object({
  status: SubscriberStatus.optional(),
  // No control characters: a NUL byte would reach PostgreSQL as an invalid string, not as a search.
  q: cleanText(z.string().max(200, "must be at most 200 characters")).optional(),
  limit: PageLimit,
  cursor: Cursor.optional(),
});

/** A subscriber as the admin API shows it (never the token hash or the client hash). */
export const Subscriber = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  status: SubscriberStatus,
  source: z.string().nullable(),
  flags: z.array(z.string()),
  reason: z.string().nullable().describe("why a bounced or complained address is suppressed"),
  createdAt: z.string(),
  confirmedAt: z.string().nullable(),
  unsubscribedAt: z.string().nullable(),
});

/** What a CSV import did. */
export const ImportReport = z.object({
  added: z.number().int(),
  skipped: z.number().int(),
  invalid: z.array(z.object({ line: z.number().int(), reason: z.string() })),
  unconfirmed: z.number().int().describe("rows marked active without confirmedAt: imported as pending, not mailed"),
});
