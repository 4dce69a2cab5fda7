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
