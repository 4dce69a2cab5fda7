/**
 * The fields a reader fills in, as `zod/mini` twins of the full schemas in this package, for the browser widget:
 * the full `zod` build would take most of the widget's 20 KB budget on its own. Each twin keeps its original's
 * checks in the same order with the same messages, so the widget says before sending what the server would say;
 * `mini.test.ts` holds both to that on a table of inputs.
 *
 *   import { CommentForm, fieldErrors } from "@parlor/validation/mini";
 *   const r = CommentForm.safeParse({ author: { name: "" }, body: "hi" });
 *   if (!r.success) fieldErrors(r.error.issues); // [{ path: "author.name", message: "must not be empty" }]
 */
import * as z from "zod/mini";

import { addressProblem, isEmailAddress } from "./address.ts";
import { hasVisibleText, VISIBLE_MESSAGE } from "./visible.ts";

export { REPORT_REASONS } from "./report-reasons.ts";

// Mirrors text.ts (kept apart: text.ts imports the full zod).
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const ANY_CONTROL = /[\u0000-\u001f\u007f]/;
const BIDI_OVERRIDE = /[\u202a-\u202e\u2066-\u2069]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const text = () => z.string({ error: "must be a string" });
const cleanChecks = (allowNewlines = false) => [
  z.refine<string>((s) => !(allowNewlines ? CONTROL : ANY_CONTROL).test(s), "must not contain control characters"),
  z.refine<string>((s) => !BIDI_OVERRIDE.test(s), "must not contain bidirectional override characters"),
  z.refine<string>((s) => !LONE_SURROGATE.test(s), "must be valid Unicode text"),
];
const visible = () => z.refine<string>(hasVisibleText, VISIBLE_MESSAGE);

/** Optional form fields arrive as "": treat them as absent (text.ts `optional`). */
function optional<T extends z.ZodMiniType>(schema: T) {
  return z.pipe(
    z.transform((v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v)),
    z.optional(schema),
  );
}

/** fields.ts `Email`: the same address rule (address.ts). */
export const Email = text().check(
  z.trim(),
  z.refine((s) => isEmailAddress(s), {
    error: (issue) => addressProblem(String(issue.input)) ?? "must be a valid email address",
  }),
);

/** fields.ts `DisplayName`. */
export const DisplayName = text().check(
  z.trim(),
  z.minLength(1, "must not be empty"),
  z.maxLength(100, "must be at most 100 characters"),
  ...cleanChecks(),
  visible(),
);

/** fields.ts `WebsiteUrl`. */
export const WebsiteUrl = text().check(
  z.trim(),
  z.maxLength(2048, "must be at most 2048 characters"),
  z.refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === "http:" || u.protocol === "https:") && u.hostname !== "";
    } catch {
      return false;
    }
  }, "must be an http: or https: URL"),
);

/** fields.ts `MarkdownBody`. */
export const MarkdownBody = text().check(
  z.trim(),
  z.minLength(1, "must not be empty"),
  z.maxLength(10_000, "must be at most 10000 characters"),
  ...cleanChecks(true),
  visible(),
);

/** What a reader types into the comment form: `NewComment` without `uri`, `parentId` and the honeypot. */
export const CommentForm = z.object({
  author: z.object(
    { name: DisplayName, email: optional(Email), website: optional(WebsiteUrl) },
    { error: "must be an object with a name" },
  ),
  body: MarkdownBody,
  notifyReplies: z.optional(z.boolean({ error: "must be true or false" })),
});
export type CommentForm = z.infer<typeof CommentForm>;

/** comment.ts `CommentEdit`. */
export const CommentEdit = z.object({ body: MarkdownBody });

/** newsletter.ts `SubscriberEmail`. */
export const SubscriberEmail = z.pipe(
  text().check(z.refine((s) => !ANY_CONTROL.test(s), "must not contain line breaks or control characters")),
  Email,
);

/** What a reader fills in the newsletter form: `NewSubscription`'s `email` and `consent`. */
export const SubscriptionForm = z.object({
  email: SubscriberEmail,
  consent: z.literal(true, { error: "must be true: the person has to agree to receive the newsletter" }),
});
export type SubscriptionForm = z.infer<typeof SubscriptionForm>;

/** problem.ts `toFieldErrors`: one `{ path, message }` per bad field, the first issue of each. */
export function fieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]) {
  const seen = new Map<string, string>();
  for (const issue of issues) {
    const path = issue.path.map(String).join(".") || "(body)";
    if (!seen.has(path)) seen.set(path, issue.message);
  }
  return [...seen].map(([path, message]) => ({ path, message }));
}
