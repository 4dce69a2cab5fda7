import { readBody } from "@parlor/kit/http";
import type { Html } from "@parlor/kit/pages";
import type { Context } from "hono";
import { html } from "hono/html";
import { z } from "zod";
import { consentVersion } from "./consent.ts";

const TRUE = ["on", "true", "1", "yes"];

/**
 * Every `topics` field of a posted form (one per ticked box: the kit's flat form keeps only the first), or null
 * when the body is not a form. The kit reads the body first, with its checks; the form is parsed once and kept.
 */
export async function formTopics(c: Context): Promise<string[] | null> {
  const type = (c.req.header("content-type") ?? "").toLowerCase();
  if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")) return null;
  await readBody(c, { forms: true });
  return (await c.req.formData()).getAll("topics").filter((v): v is string => typeof v === "string");
}

/** The signup form's fields, as a browser posts them (the JSON body's rules apply once mapped). */
export const SignupForm = z.object({
  email: z.string(),
  name: z.string().optional(),
  source: z.string().optional().describe("the page the form is on"),
  consent: z.string().optional().describe("the ticked checkbox: `on`"),
  company: z.string().optional().describe("the honeypot: left empty"),
  consentVersion: z.string().optional().describe("the version of the consent wording the form showed"),
  topics: z.array(z.string()).optional().describe("one field per ticked topic"),
});

/**
 * A flat HTML form (`email`, `name`, `source`, `consent=on`, `consentVersion`, `company`, `topics`) as the JSON body
 * the API takes.
 */
export function formToSubscription(form: Record<string, string>, topics: string[] = []) {
  return {
    topics: topics.length > 0 ? topics : undefined,
    email: form.email,
    name: form.name,
    source: form.source,
    // An unticked checkbox is simply absent: that must fail as "consent must be true", not pass.
    consent: TRUE.includes((form.consent ?? "").toLowerCase()) ? true : form.consent === undefined ? undefined : false,
    company: form.company,
    consentVersion: form.consentVersion,
  };
}

/**
 * The signup form, offered again where a confirmation link failed or a form post was refused: with the version of
 * the wording it shows, so the consent record keeps that wording.
 */
export function signupForm(consentText: string, source = "/newsletter/signup"): Html {
  return html`<form method="post" action="/v1/subscriptions">
<input type="hidden" name="source" value="${source}">
<label>Email <input type="email" name="email" required autocomplete="email"></label>
<div class="hp" aria-hidden="true"><label>Company <input name="company" tabindex="-1" autocomplete="off"></label></div>
<input type="hidden" name="consentVersion" value="${consentVersion(consentText)}">
<label><input type="checkbox" name="consent" required> ${consentText}</label>
<button type="submit">Sign up again</button></form>`;
}
