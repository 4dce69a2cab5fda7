import { READER_LINK_TTL_HOURS } from "@parlor/kit/rights";
import type { MailSample } from "@parlor/mail";
import { defaultConfig } from "./config.ts";
import { issueMail } from "./issues/issue.mail.ts";
import { renderIssue } from "./issues/issue.render.ts";
import { readerRequestMail } from "./readers/reader.mail.ts";
import { confirmationMail, reviewMail, welcomeMail } from "./subscriptions/subscription.mail.ts";

const ORIGIN = "https://blog.example.com";
// Links carry a signed token in real mail; a fixed stand-in keeps the samples the same on every run.
const token = (what: string) => `sample-${what}-token`;

// A real issue's length (about 500 words): spam filters score an image with little text around it as spam-like
// (SpamAssassin's HTML_IMAGE_ONLY rules, docs/mail.md).
const ISSUE = `Many of you wrote after last week's article on sleep and blood pressure, and the same three questions came
up again and again: how much sleep is enough, whether a nap counts, and whether magnesium or melatonin can stand in
for a better night. [Read the article](/blog/sleep-and-blood-pressure) first if you missed it: it has the numbers
and the studies behind them.

![Chart: average blood pressure falls with each extra hour of sleep, from 5 to 8 hours a night](https://img.blog.example.com/charts/sleep.png)

The chart above is the short version. In the large cohort studies, people who slept five hours or less had
clearly higher blood pressure than those who slept seven or eight, and the difference held after age, weight and
smoking were taken into account. Sleeping more than nine hours did not help further; in some studies it went
with slightly worse numbers, most likely because long sleep is often a sign of another illness.

## How much is enough

For most adults, seven to eight hours a night is the range where the benefit shows. The regularity matters as
much as the total: going to bed and getting up at the same times, weekends included, steadies the body's own
rhythm, and blood pressure follows that rhythm. It normally dips at night by ten to twenty percent. People whose
pressure does not dip at night carry a higher risk, and poor sleep is one of the most common reasons.

## Do naps count

A short nap of twenty to thirty minutes early in the afternoon can help you through the day, and some small
studies found a modest drop in blood pressure after it. A long nap late in the day tends to make the next night
worse, so it rarely pays off. If you need a long nap every day, mention it at your next visit: it can be a sign of
sleep apnea, which raises blood pressure on its own and is very treatable.

## Supplements

Magnesium and melatonin are the two I am asked about most. Neither replaces the habits below. Magnesium helps
only people who lack it, which a blood test can tell. Melatonin can shift the timing of sleep for shift workers
and travellers, but it does little for the total. Please talk to me or your own doctor before starting either if
you take medicine for your blood pressure or your heart.

## What to try this week

- Go to bed and get up at the same time every day, weekends too.
- Keep the bedroom dark, quiet and a little cool.
- Stop caffeine after lunch and alcohol in the last three hours before bed.
- Put the phone away half an hour before sleep; read a paper book instead.
- If you measure your blood pressure at home, do it in the morning before coffee, and keep a log for two weeks.

Questions? Reply in the comments under the article, where other readers can learn from the answer too. Next
week: salt, and why the label on the package is only half the story.`;

/**
 * Every kind of email the newsletter sends, built by its own mail functions from sample data: the message
 * catalogue (docs/mail-catalogue.md, `pnpm run docs`) and the spam-score test read them.
 */
export function newsletterMailSamples(): MailSample[] {
  const config = defaultConfig({
    PUBLIC_URL: ORIGIN,
    SITE_NAME: "Dr. Kim's Health Blog",
    LIST_NAME: "Health Notes",
    POSTAL_ADDRESS: "Dr. Kim's Clinic, 100 Main Street, Springfield, IL 62701, USA",
    IMAGE_ORIGINS: ["https://img.blog.example.com"],
  });
  const unsubscribe = `${ORIGIN}/v1/subscriptions/unsubscribe?token=${token("unsubscribe")}`;
  const { problems, ...body } = renderIssue(ISSUE, { baseUrl: ORIGIN, imageOrigins: config.IMAGE_ORIGINS });
  if (problems.length > 0) throw new Error(`the sample issue does not render: ${problems.join("; ")}`);
  const issue = { subject: "Sleep first, then supplements", ...body };
  const issueLinks = {
    unsubscribe,
    preferences: `${ORIGIN}/v1/subscriptions/preferences?token=${token("preferences")}`,
    web: `${ORIGIN}/v1/issues/sleep-first-then-supplements`,
  };
  const reader = (action: "export" | "erase") =>
    readerRequestMail(
      "ann@example.com",
      action,
      `${ORIGIN}/newsletter/me/${action}?token=${token(action)}`,
      config,
      READER_LINK_TTL_HOURS,
    );
  return [
    {
      kind: "confirm subscription",
      when: "someone signs up (double opt-in): to the address given",
      message: confirmationMail(
        "ann@example.com",
        `${ORIGIN}/v1/subscriptions/confirm?token=${token("confirm")}`,
        config,
      ),
    },
    {
      kind: "welcome",
      when: "the address is confirmed: to the new subscriber",
      message: welcomeMail("ann@example.com", unsubscribe, config, null, issueLinks.preferences),
    },
    {
      kind: "held signup",
      when: "the screen holds a signup for review (MODERATOR_EMAIL): to the moderator",
      message: reviewMail(
        "moderators@blog.example.com",
        { id: "01JSAMPLE0000000000000009", email: "promo@mailinator.com", flags: ["disposable"] },
        `${ORIGIN}/newsletter/admin#review`,
        config,
      ),
    },
    {
      kind: "issue",
      when: "an issue is sent: to every active subscriber (of its topics, when it has some), each with their own unsubscribe and preference links",
      message: issueMail(issue, "ann@example.com", issueLinks, config),
    },
    {
      kind: "test issue",
      when: "the editor sends a test copy of a draft: to the address given",
      message: issueMail(issue, "editor@blog.example.com", issueLinks, config, { test: true }),
    },
    {
      kind: "readers' rights: export",
      when: "someone asks for a copy of what the newsletter holds about an address: to that address",
      message: reader("export"),
    },
    {
      kind: "readers' rights: erase",
      when: "someone asks to erase an address from the newsletter: to that address",
      message: reader("erase"),
    },
    {
      kind: "readers' rights: nothing held",
      when: "someone asks for a copy or an erasure for an address the newsletter holds nothing about: to that address (no link)",
      message: readerRequestMail("nobody@example.net", "export", null, config, READER_LINK_TTL_HOURS),
    },
  ];
}
