import { describe, expect, it } from "vitest";
import { parseWebhook } from "./webhook.ts";

const sns = (message: unknown) => ({
  Type: "Notification",
  MessageId: "m-1",
  TopicArn: "arn:aws:sns:us-east-1:123456789012:ses-bounces",
  Message: JSON.stringify(message),
});

describe("bounce and complaint webhooks", () => {
  it("reads the generic shape, one event or a list", () => {
    expect(parseWebhook({ type: "bounce", email: "a@example.com", reason: "550 5.1.1" })).toEqual({
      kind: "events",
      provider: "generic",
      events: [{ kind: "bounce", email: "a@example.com", permanent: true, detail: "550 5.1.1" }],
    });
    const many = parseWebhook({
      events: [
        { type: "bounce", email: "a@example.com", permanent: false },
        { type: "complaint", email: "b@example.com" },
      ],
    });
    expect(many.kind === "events" && many.events.map((e) => [e.kind, e.permanent])).toEqual([
      ["bounce", false],
      ["complaint", true],
    ]);
  });

  it("reads Amazon SES bounces and complaints through SNS", () => {
    const bounce = parseWebhook(
      sns({
        notificationType: "Bounce",
        bounce: {
          bounceType: "Permanent",
          bounceSubType: "General",
          bouncedRecipients: [{ emailAddress: "gone@example.com", diagnosticCode: "smtp; 550 5.1.1 user unknown" }],
        },
        mail: { destination: ["gone@example.com"] },
      }),
    );
    expect(bounce).toMatchObject({
      provider: "ses",
      events: [{ kind: "bounce", email: "gone@example.com", permanent: true }],
    });
    const transient = parseWebhook(
      sns({
        eventType: "Bounce",
        bounce: { bounceType: "Transient", bouncedRecipients: [{ emailAddress: "x@e.com" }] },
      }),
    );
    expect(transient).toMatchObject({ events: [{ permanent: false }] });
    const complaint = parseWebhook(
      sns({
        notificationType: "Complaint",
        complaint: { complainedRecipients: [{ emailAddress: "angry@example.com" }], complaintFeedbackType: "abuse" },
      }),
    );
    expect(complaint).toMatchObject({ events: [{ kind: "complaint", email: "angry@example.com", detail: "abuse" }] });
    expect(parseWebhook(sns({ notificationType: "Delivery", delivery: {} }))).toMatchObject({ events: [] });
  });

  it("reports an SNS subscription confirmation instead of acting on it", () => {
    expect(
      parseWebhook({
        Type: "SubscriptionConfirmation",
        TopicArn: "arn:aws:sns:us-east-1:1:t",
        SubscribeURL: "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=x",
        Message: "You have chosen to subscribe…",
      }),
    ).toMatchObject({ kind: "sns-subscription" });
  });

  it("reads Postmark bounce and spam-complaint webhooks", () => {
    expect(
      parseWebhook({
        RecordType: "Bounce",
        Type: "HardBounce",
        TypeCode: 1,
        Email: "gone@example.com",
        Description: "x",
      }),
    ).toMatchObject({ provider: "postmark", events: [{ kind: "bounce", permanent: true }] });
    expect(parseWebhook({ RecordType: "Bounce", Type: "SoftBounce", Email: "full@example.com" })).toMatchObject({
      events: [{ permanent: false }],
    });
    expect(
      parseWebhook({ RecordType: "SpamComplaint", Type: "SpamComplaint", Email: "angry@example.com" }),
    ).toMatchObject({ events: [{ kind: "complaint", permanent: true }] });
  });

  it.each([
    [[]],
    [{ type: "bounce", email: "not an address" }],
    [{ type: "delivered", email: "a@example.com" }],
    [{ type: "bounce", email: "a@example.com\r\nBcc: b@example.com" }],
    [sns({ notificationType: "Bounce", bounce: { bouncedRecipients: [] } })],
    [{ Type: "Notification", TopicArn: "t", Message: "{not json" }],
    [{ RecordType: "Bounce", Type: "HardBounce", Email: "nope" }],
  ])("refuses %j", (body) => expect(() => parseWebhook(body)).toThrow());
});
