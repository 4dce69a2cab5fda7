import { InvalidInput, invalidField } from "@parlor/kit";
import { DeliveryEvent, SubscriberEmail, toFieldErrors } from "@parlor/validation";
import { z } from "zod";

/** One event, whatever the provider: a permanent one suppresses the address. */
export interface ParsedEvent {
  kind: "bounce" | "complaint";
  email: string;
  permanent: boolean;
  detail: string;
}

export type WebhookPayload =
  | { kind: "events"; events: ParsedEvent[]; provider: "generic" | "ses" | "postmark" }
  | { kind: "sns-subscription"; subscribeUrl: string; topicArn: string };

// Postmark's bounce types that mean "this address will not take mail": hard bounces, bad addresses, addresses
// Postmark itself deactivated, and spam complaints. Soft bounces, auto-replies, DNS trouble pass.
const POSTMARK_PERMANENT = new Set(["HardBounce", "BadEmailAddress", "ManuallyDeactivated", "SpamComplaint"]);

const GenericBody = z.union([DeliveryEvent, z.object({ events: z.array(DeliveryEvent).min(1).max(1000) })]);

/**
 * Reads a bounce/complaint webhook body in one of three shapes:
 * - generic: `{ "type": "bounce"|"complaint", "email", "permanent"?, "reason"? }` or `{ "events": [that, …] }`;
 * - Amazon SES through SNS: the SNS envelope (`Type: "Notification"`, `Message` a JSON string holding
 *   `notificationType`/`eventType` "Bounce" or "Complaint"), and `SubscriptionConfirmation`;
 * - Postmark: a bounce or spam-complaint webhook (`RecordType: "Bounce"|"SpamComplaint"`, `Type`, `Email`).
 * Throws InvalidInput (400) for anything else.
 */
export function parseWebhook(body: unknown): WebhookPayload {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw invalidField("(body)", "must be a JSON object");
  }
  const b = body as Record<string, unknown>;
  if (typeof b.Type === "string" && ("TopicArn" in b || "Message" in b)) return parseSns(b);
  if (typeof b.RecordType === "string") return { kind: "events", provider: "postmark", events: [parsePostmark(b)] };
  const generic = GenericBody.safeParse(body);
  if (!generic.success) throw new InvalidInput(toFieldErrors(generic.error.issues));
  const list = "events" in generic.data ? generic.data.events : [generic.data];
  return {
    kind: "events",
    provider: "generic",
    events: list.map((e) => ({
      kind: e.type,
      email: e.email,
      permanent: e.type === "complaint" ? true : (e.permanent ?? true),
      detail: e.reason ?? (e.type === "complaint" ? "reported as spam" : "permanent bounce"),
    })),
  };
}

function parseSns(b: Record<string, unknown>): WebhookPayload {
  if (b.Type === "SubscriptionConfirmation") {
    const subscribeUrl = typeof b.SubscribeURL === "string" ? b.SubscribeURL : "";
    if (!/^https:\/\//.test(subscribeUrl)) throw invalidField("SubscribeURL", "must be an https URL");
    return { kind: "sns-subscription", subscribeUrl, topicArn: String(b.TopicArn ?? "") };
  }
  if (b.Type !== "Notification" || typeof b.Message !== "string") {
    throw invalidField("Type", "must be an SNS Notification or SubscriptionConfirmation");
  }
  let message: Record<string, unknown>;
  try {
    message = JSON.parse(b.Message);
  } catch {
    throw invalidField("Message", "must be the JSON of an SES notification");
  }
  const type = message?.notificationType ?? message?.eventType;
  if (type === "Bounce") {
    const bounce = (message.bounce ?? {}) as Record<string, unknown>;
    const permanent = bounce.bounceType === "Permanent";
    const recipients = recipientsOf(bounce.bouncedRecipients, "Message.bounce.bouncedRecipients");
    return {
      kind: "events",
      provider: "ses",
      events: recipients.map((r) => ({
        kind: "bounce" as const,
        email: r.email,
        permanent,
        detail: [bounce.bounceType, bounce.bounceSubType, r.diagnostic].filter(Boolean).join(" ").slice(0, 500),
      })),
    };
  }
  if (type === "Complaint") {
    const complaint = (message.complaint ?? {}) as Record<string, unknown>;
    const recipients = recipientsOf(complaint.complainedRecipients, "Message.complaint.complainedRecipients");
    return {
      kind: "events",
      provider: "ses",
      events: recipients.map((r) => ({
        kind: "complaint" as const,
        email: r.email,
        permanent: true,
        detail: String(complaint.complaintFeedbackType ?? "reported as spam").slice(0, 200),
      })),
    };
  }
  // Deliveries, opens and the like: nothing to do, but not an error either (SES sends them to the same topic).
  return { kind: "events", provider: "ses", events: [] };
}

function recipientsOf(list: unknown, path: string): { email: string; diagnostic: string }[] {
  if (!Array.isArray(list) || list.length === 0) throw invalidField(path, "must list the recipients");
  return list.map((r, i) => {
    const email = SubscriberEmail.safeParse((r as { emailAddress?: unknown })?.emailAddress);
    if (!email.success) throw invalidField(`${path}.${i}.emailAddress`, "must be a valid email address");
    const diagnostic = (r as { diagnosticCode?: unknown }).diagnosticCode;
    return { email: email.data, diagnostic: typeof diagnostic === "string" ? diagnostic : "" };
  });
}

function parsePostmark(b: Record<string, unknown>): ParsedEvent {
  const email = SubscriberEmail.safeParse(b.Email);
  if (!email.success) throw invalidField("Email", "must be a valid email address");
  const type = typeof b.Type === "string" ? b.Type : "";
  const complaint = b.RecordType === "SpamComplaint" || type === "SpamComplaint";
  if (!complaint && b.RecordType !== "Bounce") throw invalidField("RecordType", "must be Bounce or SpamComplaint");
  return {
    kind: complaint ? "complaint" : "bounce",
    email: email.data,
    permanent: complaint || POSTMARK_PERMANENT.has(type),
    detail: [type, typeof b.Description === "string" ? b.Description : ""].filter(Boolean).join(": ").slice(0, 500),
  };
}
