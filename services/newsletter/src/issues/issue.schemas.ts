import { Cursor, PageLimit } from "@parlor/validation";
import { z } from "zod";

/** `GET /v1/issues`: a page of the public archive. */
export const ArchiveQuery = z.object({ limit: PageLimit, cursor: Cursor.optional() });
/** `GET /newsletter/archive`: a page of the archive readers browse. */
export const ArchivePageQuery = z.object({ cursor: Cursor.optional() });

/** An issue as the admin API shows it, with its progress. */
export const Issue = z.object({
  id: z.string(),
  slug: z.string(),
  subject: z.string(),
  markdown: z.string(),
  topics: z.array(z.string()).describe("the slugs of the topics it goes to; empty: every active subscriber"),
  status: z.enum(["draft", "scheduled", "sending", "sent"]),
  scheduledAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  webUrl: z.string(),
  recipients: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
  pending: z.number().int(),
  cancelled: z.number().int().describe("queued, then dropped: unsubscribed, bounced or erased before sending"),
});

/** An issue as its email: subject, HTML and text. */
export const Rendered = z.object({ subject: z.string(), html: z.string(), text: z.string() });

/** The email as a subscriber gets it, with its list headers. */
export const RenderedMail = Rendered.extend({
  headers: z.record(z.string(), z.string()).describe("List-Unsubscribe and the other list headers the email carries"),
});
