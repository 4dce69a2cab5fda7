import { fieldErrors, SubscriptionForm } from "@parlor/validation/mini";
import type { Strings } from "../../strings/catalogue.ts";
import { apiBase, call } from "../api.ts";
import { fallbackValues, focusOn, h, pageOutcome, uid } from "../dom.ts";
import { checkField, clearErrors, honeypot, showErrors, showFailure, textField } from "../fields.ts";

/**
 * Turns `<div data-parlor-newsletter>` into the signup box: email, consent, "check your inbox" on success.
 * `data-source` names where the signup came from (default: this page's path); `data-title` and `data-lead`
 * replace the heading and the promise under it.
 */
export function mountNewsletter(root: HTMLElement, t: Strings) {
  if (root.hasAttribute("data-parlor-mounted")) return;
  root.setAttribute("data-parlor-mounted", "");
  const base = apiBase(root);
  const source = root.dataset.source || location.pathname;
  const typed = fallbackValues(root);
  const titleId = uid("title");

  const email = textField({
    name: "email",
    path: "email",
    label: t.newsletter.email,
    type: "email",
    attrs: { required: true, autocomplete: "email" },
  });
  // The consent wording is the service's, for the box's language, and the signup posts back its version: the
  // consent record keeps exactly the words shown. Until it has arrived the box cannot be ticked.
  const consent = checkField({
    name: "consent",
    path: "consent",
    label: "",
    attrs: { required: true, disabled: true },
  });
  const consentLabel = consent.wrap.querySelector("label") as HTMLLabelElement;
  let consentVersion: string | undefined;
  const fields = [email, consent];
  const hp = honeypot("company", t.newsletter.honeypot);
  const general = h("div", { class: "failure", role: "alert", hidden: true });
  const status = h("p", { class: "status", role: "status" });
  const submit = h("button", { type: "submit" }, t.newsletter.submit);
  const inputs = h(
    "div",
    { class: "inputs" },
    email.wrap,
    consent.wrap,
    hp.wrap,
    general,
    h("p", { class: "buttons" }, submit),
  );
  const form = h(
    "form",
    { class: "form", method: "post", action: `${base}/v1/subscriptions`, novalidate: true, "aria-labelledby": titleId },
    inputs,
    status,
  );
  email.input.value = typed.email ?? "";
  (consent.input as HTMLInputElement).checked = typed.consent === "on";

  root.replaceChildren(
    h(
      "section",
      { class: "parlor parlor-newsletter", "aria-labelledby": titleId },
      h("h2", { id: titleId }, root.dataset.title || t.newsletter.title),
      h("p", { class: "lead" }, root.dataset.lead || t.newsletter.lead),
      form,
    ),
  );

  const done = () => {
    inputs.hidden = true;
    status.replaceChildren(h("strong", {}, t.newsletter.done), " ", h("span", {}, t.newsletter.doneMore));
  };
  const outcome = pageOutcome();
  if (outcome === "pending" || outcome === "subscribed") done();

  async function loadConsent() {
    const r = await call<{ text?: unknown; version?: unknown } | null>(
      `${base}/v1/subscriptions/consent?lang=${encodeURIComponent(t.locale)}`,
    );
    const { text, version } = r.data ?? {};
    if (r.status !== 200 || typeof text !== "string" || typeof version !== "string") {
      showFailure(general, t.newsletter.failed, t.form.retry, () => void loadConsent(), false);
      return;
    }
    consentLabel.textContent = text;
    consentVersion = version;
    consent.input.removeAttribute("disabled");
    general.hidden = true;
  }
  void loadConsent();

  let busy = false;
  async function send() {
    if (busy) return;
    if (!consentVersion) return void loadConsent();
    clearErrors(fields, general);
    const explain = (e: { path: string }) => (e.path === "consent" ? t.newsletter.consentMissing : null);
    const checked = SubscriptionForm.safeParse({
      email: email.input.value,
      consent: (consent.input as HTMLInputElement).checked,
    });
    if (!checked.success) return showErrors(t, fields, fieldErrors(checked.error.issues), general, explain);
    busy = true;
    submit.setAttribute("aria-disabled", "true");
    submit.textContent = t.newsletter.sending;
    const r = await call(`${base}/v1/subscriptions`, {
      method: "POST",
      body: { ...checked.data, consentVersion, source, ...(hp.input.value ? { company: hp.input.value } : {}) },
    });
    busy = false;
    submit.removeAttribute("aria-disabled");
    submit.textContent = t.newsletter.submit;
    if (r.status >= 200 && r.status < 300) {
      done();
      focusOn(status);
    } else if (r.status === 400 && r.errors.some((e) => e.path === "consentVersion")) {
      // The wording changed since the box loaded: show the new one, and ask for the tick again.
      consentVersion = undefined;
      (consent.input as HTMLInputElement).checked = false;
      await loadConsent();
      showErrors(t, fields, [{ path: "consent", message: "" }], general, explain);
    } else if (r.status === 400 && r.errors.length > 0) {
      showErrors(t, fields, r.errors, general, explain);
    } else {
      const message = r.status === 429 ? t.form.tooMany(r.retryAfter ?? 60) : t.newsletter.failed;
      showFailure(general, message, t.form.retry, () => void send());
    }
  }
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    void send();
  });
}
