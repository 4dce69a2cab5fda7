import { newToken } from "@parlor/kit";
import { isPersonalised, type PersonalisedMessage, personalise } from "@parlor/mail";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../config.ts";
import { SUBSCRIBER_MAIL } from "./subscriber-mail.strings.ts";
import { confirmationMail, confirmationToQueue, type QueuedConfirmation } from "./subscription.mail.ts";

/** The email the mail worker sends for a queued confirmation: its shared body with the row's token filled in. */
function sent({ message, body }: QueuedConfirmation) {
  if (!isPersonalised(message)) return message;
  expect(body?.ref).toBe(message.body);
  return personalise(message, body as { text: string; html: string });
}

describe("the confirmation email, rendered once and given each signup's token", () => {
  const config = defaultConfig({ LIST_NAME: "Notes & <News>", SITE_NAME: 'Dr. Kim\'s "Clinic"' });
  const sites = ["https://blog.example", "https://blog.example/path?x=1&y=<2>"];

  it("is, in every language and for every token, the email a whole render gives", () => {
    for (const locale of [...Object.keys(SUBSCRIBER_MAIL), null, "xx"]) {
      for (const site of sites) {
        const url = (token: string) => `${site}/v1/subscriptions/confirm?token=${token}`;
        for (let i = 0; i < 3; i++) {
          const token = newToken();
          const to = `reader${i}@example.org`;
          const queued = confirmationToQueue(to, token, url, config, locale);
          // The row keeps the token and names the body; it does not carry the rendered email.
          expect(isPersonalised(queued.message)).toBe(true);
          expect(JSON.stringify(queued.message)).not.toContain("<html");
          const fast = sent(queued);
          expect(fast).toEqual(confirmationMail(to, url(token), config, locale));
          expect(fast.html).toContain(token);
        }
      }
    }
  });

  it("renders a token of another shape whole, and never leaks one signup's token into another's email", () => {
    const url = (token: string) => `https://blog.example/v1/subscriptions/confirm?token=${token}`;
    const odd = "short-token";
    const whole = confirmationToQueue("a@example.org", odd, url, config, "en");
    expect(whole.body).toBeUndefined();
    expect(whole.message).toEqual(confirmationMail("a@example.org", url(odd), config, "en"));
    const first = newToken();
    const second = newToken();
    const one = confirmationToQueue("a@example.org", first, url, config, "en");
    const other = confirmationToQueue("b@example.org", second, url, config, "en");
    const mail = sent(other);
    expect(mail.text).not.toContain(first);
    expect(mail.html).not.toContain(first);
    expect(mail.to).toBe("b@example.org");
    // One body for both, stored under the same name whatever the process (no random sample in it).
    expect(one.body).toEqual(other.body);
    expect(other.body?.text).not.toContain(second);
    expect((other.message as PersonalisedMessage).fill).toEqual({
      [Object.keys((one.message as PersonalisedMessage).fill)[0]]: second,
    });
  });
});
