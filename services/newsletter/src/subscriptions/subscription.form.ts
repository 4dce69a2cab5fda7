import type { Context } from "hono";

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

/** True when the client wants a page (a browser posting a form), not JSON. */
export function wantsHtml(c: Context, isForm: boolean): boolean {
  const accept = c.req.header("accept") ?? "";
  if (accept.includes("application/json")) return false;
  return isForm || accept.includes("text/html");
}
