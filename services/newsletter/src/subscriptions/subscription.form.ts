import type { Html } from "@parlor/kit/pages";
import { html } from "hono/html";

const TRUE = ["on", "true", "1", "yes"];

/** A flat HTML form (`email`, `name`, `source`, `consent=on`, `company`) as the JSON body the API takes. */
export function formToSubscription(form: Record<string, string>) {
  return {
    email: form.email,
    name: form.name,
    source: form.source,
    // An unticked checkbox is simply absent: that must fail as "consent must be true", not pass.
    consent: TRUE.includes((form.consent ?? "").toLowerCase()) ? true : form.consent === undefined ? undefined : false,
    company: form.company,
  };
}

/** The signup form, offered again where a confirmation link failed or a form post was refused. */
export function signupForm(consentText: string, source = "/newsletter/signup"): Html {
  return html`<form method="post" action="/v1/subscriptions">
<input type="hidden" name="source" value="${source}">
<label>Email <input type="email" name="email" required autocomplete="email"></label>
<div class="hp" aria-hidden="true"><label>Company <input name="company" tabindex="-1" autocomplete="off"></label></div>
<label><input type="checkbox" name="consent" required> ${consentText}</label>
<button type="submit">Sign up again</button></form>`;
}
