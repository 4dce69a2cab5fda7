import { z } from "zod";
import { DisplayName, Email } from "./fields.ts";
import { cleanText, optional } from "./text.ts";

// A line break anywhere in a field is a header-injection attempt or a bug, never something a reader meant:
// refuse it before trimming can hide it.
const CONTROL = /[\u0000-\u001f\u007f]/;

/** An email address for the newsletter: Email, and no control characters anywhere (not even around it). */
export const SubscriberEmail = z
  .string({ error: "must be a string" })
  .refine((s) => !CONTROL.test(s), "must not contain line breaks or control characters")
  .pipe(Email);
export type SubscriberEmail = z.infer<typeof SubscriberEmail>;

/** Where a signup came from (a page path or a label), shown to moderators and kept with the consent record. */
export const SignupSource = cleanText(
  z.string({ error: "must be a string" }).trim().max(2048, "must be at most 2048 characters"),
);

/** A topic's slug: what forms, CSV files and the API name it by (`new-articles`). */
export const TopicSlug = z
  .string({ error: "must be a string" })
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be a slug: lower-case letters, digits and single hyphens")
  .max(64, "must be at most 64 characters");

/** Topics by slug: none or a list without repeats (which topics exist is checked by the service). */
export const TopicSlugs = z
  .array(TopicSlug, { error: "must be a list of topic slugs" })
  .max(50, "must name at most 50 topics")
  .refine((a) => new Set(a).size === a.length, "must not name a topic twice");

/** `POST /v1/admin/newsletter/topics`. */
export const NewTopic = z.object({
  slug: TopicSlug,
  name: cleanText(
    z
      .string({ error: "must be a string" })
      .trim()
      .min(1, "must not be empty")
      .max(100, "must be at most 100 characters"),
  ),
  description: optional(
    cleanText(z.string({ error: "must be a string" }).trim().max(500, "must be at most 500 characters")),
  ),
});
export type NewTopic = z.infer<typeof NewTopic>;

/** `PATCH /v1/admin/newsletter/topics/:id` (the slug stays: links and CSV files name topics by it). */
export const TopicEdit = NewTopic.pick({ name: true, description: true })
  .partial()
  .refine((v) => v.name !== undefined || v.description !== undefined, "must change name or description");
export type TopicEdit = z.infer<typeof TopicEdit>;

/**
 * `POST /v1/subscriptions`. `consent` must be exactly `true`: the person ticked the box. `company` is the
 * honeypot the signup form hides; anything in it marks the signup, and the answer stays the same.
 */
export const NewSubscription = z.object({
  email: SubscriberEmail,
  name: optional(DisplayName),
  source: optional(SignupSource),
  consent: z.literal(true, { error: "must be true: the person has to agree to receive the newsletter" }),
  company: z.unknown().optional(),
  /**
   * The version of the consent wording the person was shown (`GET /v1/subscriptions/consent`): the consent record
   * keeps that wording. Absent: the wording for the reader's language.
   */
  consentVersion: z
    .string({ error: "must be a string" })
    .regex(/^[0-9a-f]{16}$/, "must be the version the consent wording was served with")
    .optional(),
  /** The topics chosen; none (or absent): every topic, including topics added later. */
  topics: TopicSlugs.optional(),
});
export type NewSubscription = z.infer<typeof NewSubscription>;

/** The token of a confirmation or unsubscribe link. */
export const LinkToken = z
  .string({ error: "must be a string" })
  .min(1, "must not be empty")
  .max(4096, "must be at most 4096 characters")
  .regex(/^[A-Za-z0-9_.-]+$/, "must be the token from the email's link");

export const SubscriberStatus = z.enum(["pending_review", "pending", "active", "unsubscribed", "rejected", "bounced"], {
  error: "must be pending_review, pending, active, unsubscribed, rejected or bounced",
});
export type SubscriberStatus = z.infer<typeof SubscriberStatus>;

/** An issue's subject: one line of 1–200 characters. */
export const IssueSubject = cleanText(
  z.string({ error: "must be a string" }).trim().min(1, "must not be empty").max(200, "must be at most 200 characters"),
);

/** An issue's body in Markdown: up to 60,000 characters (the request body limit is 64 KiB). */
export const IssueMarkdown = cleanText(
  z
    .string({ error: "must be a string" })
    .trim()
    .min(1, "must not be empty")
    .max(60_000, "must be at most 60000 characters"),
  true,
);

/** `POST /v1/admin/newsletter/issues`. */
export const NewIssue = z.object({
  subject: IssueSubject,
  markdown: IssueMarkdown,
  /** The topics it goes to; none (or absent): every active subscriber. */
  topics: TopicSlugs.optional(),
});
export type NewIssue = z.infer<typeof NewIssue>;

/** `PATCH /v1/admin/newsletter/issues/:id` (drafts only). */
export const IssueEdit = z
  .object({ subject: IssueSubject.optional(), markdown: IssueMarkdown.optional(), topics: TopicSlugs.optional() })
  .refine(
    (v) => v.subject !== undefined || v.markdown !== undefined || v.topics !== undefined,
    "must change subject, markdown or topics",
  );
export type IssueEdit = z.infer<typeof IssueEdit>;

/** `POST /v1/admin/newsletter/issues/:id/send`: now, or at `at` (ISO-8601 with a zone). */
export const SendIssue = z.object({
  at: z.iso.datetime({ offset: true, error: "must be an ISO-8601 time such as 2026-06-01T08:00:00Z" }).optional(),
});
export type SendIssue = z.infer<typeof SendIssue>;

/** `POST /v1/admin/newsletter/issues/:id/test`. */
export const TestSend = z.object({ to: SubscriberEmail });
export type TestSend = z.infer<typeof TestSend>;

/**
 * One bounce or complaint in the generic webhook shape: `permanent` defaults to true for bounces (a soft bounce
 * is only recorded); complaints always suppress.
 */
export const DeliveryEvent = z.object({
  type: z.enum(["bounce", "complaint"], { error: "must be bounce or complaint" }),
  email: SubscriberEmail,
  permanent: z.boolean({ error: "must be true or false" }).optional(),
  reason: cleanText(z.string({ error: "must be a string" }).max(1000, "must be at most 1000 characters")).optional(),
});
export type DeliveryEvent = z.infer<typeof DeliveryEvent>;
