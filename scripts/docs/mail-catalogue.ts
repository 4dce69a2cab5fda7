// The message catalogue of docs/mail-catalogue.md: every kind of email both services send, with its subject, its
// headers, its text part and its HTML part, as the services' own mail functions build them from sample data
// (commentsMailSamples, newsletterMailSamples).
import type { MailSample } from "@parlor/mail";
import { commentsMailSamples } from "../../services/comments/src/notifications/mail.samples.ts";
import { newsletterMailSamples } from "../../services/newsletter/src/mail.samples.ts";

export const mailSamples: { service: string; samples: () => MailSample[] }[] = [
  { service: "comments", samples: commentsMailSamples },
  { service: "newsletter", samples: newsletterMailSamples },
];

/** A fence longer than any run of backticks in the text, so the text never closes it. */
function fenced(lang: string, text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${lang}\n${text.replace(/\n$/, "")}\n${fence}`;
}

const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

/** The generated part of docs/mail-catalogue.md. */
export function renderMailCatalogue(): string {
  const out: string[] = [];
  for (const { service, samples } of mailSamples) {
    out.push(`## ${service}`, "");
    for (const { kind, when, message } of samples()) {
      const headers = Object.entries(message.headers ?? {}).map(([name, value]) => `${name}: ${value}`);
      out.push(
        `### ${service}: ${kind}`,
        "",
        `When: ${when}.`,
        "",
        `Subject: ${code(message.subject)}`,
        "",
        headers.length ? `Headers of ours: ${headers.map(code).join(", ")}` : "Headers of ours: none",
        "",
        "Text part:",
        "",
        fenced("text", message.text),
        "",
        "<details><summary>HTML part</summary>",
        "",
        fenced("html", message.html),
        "",
        "</details>",
        "",
      );
    }
  }
  return out.join("\n").trimEnd();
}
