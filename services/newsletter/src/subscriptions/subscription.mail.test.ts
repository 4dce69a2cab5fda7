import { newToken } from "@parlor/kit";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../config.ts";
import { SUBSCRIBER_MAIL } from "./subscriber-mail.strings.ts";
import { confirmationMail, confirmationMailWithToken } from "./subscription.mail.ts";

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
          const fast = confirmationMailWithToken(to, token, url, config, locale);
          expect(fast).toEqual(confirmationMail(to, url(token), config, locale));
          expect(fast.html).toContain(token);
        }
      }
    }
  });

  it("renders a token of another shape whole, and never leaks one signup's token into another's email", () => {
    const url = (token: string) => `https://blog.example/v1/subscriptions/confirm?token=${token}`;
    const odd = "short-token";
    expect(confirmationMailWithToken("a@example.org", odd, url, config, "en")).toEqual(
      confirmationMail("a@example.org", url(odd), config, "en"),
    );
    const first = newToken();
    const second = newToken();
    confirmationMailWithToken("a@example.org", first, url, config, "en");
    const mail = confirmationMailWithToken("b@example.org", second, url, config, "en");
    expect(mail.text).not.toContain(first);
    expect(mail.html).not.toContain(first);
    expect(mail.to).toBe("b@example.org");
  });
});
