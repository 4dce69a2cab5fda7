import { type SmtpSink, startSmtpSink } from "@parlor/mail/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_CONSENT_TEXT } from "../src/config.ts";
import { SUBSCRIBER_MAIL } from "../src/subscriptions/subscriber-mail.strings.ts";
import { createTestApp, linkIn, mailsTo, subscriberByEmail, type TestApp, tokenOf } from "./helpers.ts";

// A reader who signs up in the widget's Spanish or Arabic (sent as Accept-Language) is stored with that language,
// gets the confirmation and welcome emails in it through a real SMTP conversation, and their consent record keeps
// the wording the operator set for that language.

const SPANISH_CONSENT = "Sí, envíenme el boletín. Puedo darme de baja con un clic cuando quiera.";
let smtp: SmtpSink;
let pages: string[] = [];
let t: TestApp;
beforeEach(async () => {
  pages = [];
  smtp = await startSmtpSink();
  t = await createTestApp({ CONSENT_TEXT_ES: SPANISH_CONSENT }, { smtp });
});
afterEach(async () => {
  await smtp.close();
});

async function signUpAndConfirm(email: string, language: string) {
  const res = await t.call("POST", "/v1/subscriptions", { email, consent: true }, { "Accept-Language": language });
  expect(res.status).toBeLessThan(300);
  await t.deliver();
  const link = linkIn(mailsTo(smtp, email).at(-1)?.text, "/v1/subscriptions/confirm");
  // The link's page speaks the language the address signed up in, whatever the browser opening it (English).
  const page = await t.call("GET", link, undefined, { "Accept-Language": "en" });
  pages.push(await page.text());
  const done = await t.form("/v1/subscriptions/confirm", { token: tokenOf(link) });
  expect(done.status).toBe(200);
  pages.push(await done.text());
  await t.deliver();
  return mailsTo(smtp, email);
}

describe("a subscriber's emails in their language", () => {
  it("writes to a Spanish subscriber in Spanish and keeps the Spanish consent wording", async () => {
    const [confirm, welcome] = await signUpAndConfirm("ana@example.com", "es-MX,es;q=0.9,en;q=0.5");
    expect(confirm.subject).toMatch(/^Confirma tu suscripción a /);
    expect(confirm.text).toContain("Confirmar mi suscripción");
    expect(confirm.html).toContain('<html lang="es" dir="ltr">');
    expect(welcome.subject).toMatch(/^Te damos la bienvenida a /);
    expect(welcome.text).toContain("Darme de baja con un clic");
    expect((await subscriberByEmail(t, "ana@example.com"))?.locale).toBe("es");
    expect(pages[0]).toContain('<html lang="es">');
    expect(pages[0]).toContain("Pulsa el botón para empezar a recibir");
    expect(pages[0]).toContain("ana@example.com");
    expect(pages[0]).toContain(">Confirmar</button>");
    expect(pages[0]).toMatch(/>Volver a [^<]+<\/a>/);
    expect(pages[1]).toContain("Gracias: ana@example.com recibirá");
    const consent = await t.db
      .selectFrom("subscriber_consent")
      .select(["kind", "consent_text"])
      .orderBy("id")
      .execute();
    expect(consent).toEqual([
      { kind: "signup", consent_text: SPANISH_CONSENT },
      { kind: "confirm", consent_text: SPANISH_CONSENT },
    ]);
  });

  it("writes to an Arabic subscriber in Arabic, right to left; the English wording where none is set", async () => {
    const [confirm, welcome] = await signUpAndConfirm("salma@example.com", "ar");
    expect(confirm.subject).toMatch(/^أكّد اشتراكك في /);
    expect(confirm.html).toContain('<html lang="ar" dir="rtl">');
    expect(welcome.text).toContain("إلغاء الاشتراك بنقرة واحدة");
    expect(pages[0]).toContain('<html lang="ar" dir="rtl">');
    // Unsubscribing from the welcome email's link, in an Arabic browser: the pages are Arabic too.
    const unsubscribe = linkIn(welcome.text, "/v1/subscriptions/unsubscribe");
    const ask = await (await t.call("GET", unsubscribe, undefined, { "Accept-Language": "ar" })).text();
    expect(ask).toContain(">إلغاء الاشتراك</button>");
    const gone = await t.call("POST", unsubscribe, "List-Unsubscribe=One-Click", {
      "Content-Type": "application/x-www-form-urlencoded",
      "Accept-Language": "ar",
    });
    expect(await gone.text()).toContain("لن تصلك أعداد أخرى من");
    expect((await subscriberByEmail(t, "salma@example.com"))?.status).toBe("unsubscribed");
    const [signup] = await t.db.selectFrom("subscriber_consent").select("consent_text").execute();
    expect(signup.consent_text).toBe(t.config.CONSENT_TEXT);
  });
});

describe("the subscriber emails' catalogue", () => {
  const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  const texts = (o: object, prefix = ""): [string, string][] =>
    Object.entries(o).flatMap(([k, v]) => (typeof v === "string" ? [[prefix + k, v]] : texts(v, `${prefix}${k}.`)));

  it.each(Object.keys(SUBSCRIBER_MAIL))("%s has every text of English, with the same placeholders", (locale) => {
    const c = SUBSCRIBER_MAIL[locale as keyof typeof SUBSCRIBER_MAIL];
    const translated = new Map(texts(c));
    expect(c.language.lang).toBe(locale);
    for (const [key, text] of texts(SUBSCRIBER_MAIL.en)) {
      if (key === "language.lang" || key === "language.dir") continue;
      expect(translated.get(key)?.trim(), `${locale} ${key}`).toBeTruthy();
      expect(placeholders(translated.get(key) ?? ""), `${locale} ${key}`).toEqual(placeholders(text));
    }
  });

  it("records the wording the reader was shown: the version posted back names it, whatever the language asked", async () => {
    // The widget asks for the wording in its language and shows it; a Spanish box in an English browser.
    const shown = await t.call("GET", "/v1/subscriptions/consent?lang=es", undefined, { "Accept-Language": "en" });
    expect(shown.headers.get("vary")).toContain("Accept-Language");
    const spanish = (await shown.json()) as { locale: string; text: string; version: string };
    expect(spanish).toMatchObject({ locale: "es", text: SPANISH_CONSENT });
    const english = await (
      await t.call("GET", "/v1/subscriptions/consent", undefined, { "Accept-Language": "fr" })
    ).json();
    expect(english.text).toBe(DEFAULT_CONSENT_TEXT);
    expect(english.version).not.toBe(spanish.version);

    const post = (email: string, consentVersion: string) =>
      t.call("POST", "/v1/subscriptions", { email, consent: true, consentVersion }, { "Accept-Language": "en" });
    expect((await post("lucia@example.com", spanish.version)).status).toBe(202);
    // A version no configured wording has (the operator changed it since the page loaded): refused, nothing kept.
    const stale = await post("old@example.com", "0123456789abcdef");
    expect(stale.status).toBe(400);
    expect((await stale.json()).errors.map((e: { path: string }) => e.path)).toEqual(["consentVersion"]);
    // Free text is not a version.
    expect((await post("text@example.com", "I agree to nothing")).status).toBe(400);
    const kept = await t.db.selectFrom("subscriber_consent").select("consent_text").execute();
    expect(kept).toEqual([{ consent_text: SPANISH_CONSENT }]);
    expect(await subscriberByEmail(t, "old@example.com")).toBeUndefined();

    // The service's own form shows the English wording and posts its version.
    const refused = await t.form("/v1/subscriptions", { email: "nope", consent: "on" });
    const page = await refused.text();
    expect(page).toContain(DEFAULT_CONSENT_TEXT);
    expect(page).toContain(`name="consentVersion" value="${english.version}"`);
  });
});
