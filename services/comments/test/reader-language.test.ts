import { type SmtpSink, startSmtpSink } from "@parlor/mail/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { configShape } from "../src/config.ts";
import { READER_MAIL } from "../src/notifications/reader-mail.strings.ts";
import { createTestApp, PUBLIC_URL, postComment, type TestApp } from "./helpers.ts";

// A reader who posts in Spanish or Arabic (the widget sends its language as Accept-Language) gets the emails it
// asked for in that language, through a real SMTP conversation; the crisis message follows the operator's
// per-language setting.

let smtp: SmtpSink;
let t: TestApp;
const SPANISH_CRISIS = "Si estás pensando en el suicidio o en hacerte daño, no estás solo ni sola. Llama al 024.";

beforeEach(async () => {
  pages = [];
  smtp = await startSmtpSink();
  t = await createTestApp(
    { CRISIS_MESSAGE_ES: SPANISH_CRISIS, CRISIS_LINKS_ES: configShape.CRISIS_LINKS_ES.parse("Llamar al 024=tel:024") },
    { smtpUrl: smtp.url },
  );
});
afterEach(async () => {
  await smtp.close();
});

let pages: string[] = [];
const mailsTo = (address: string) => smtp.deliveries.filter((d) => d.rcptTo.includes(address)).map((d) => d.mail);

async function askForReplies(email: string, language: string) {
  const res = await t.call(
    "POST",
    "/v1/comments",
    {
      uri: `/blog/${language}`,
      author: { name: "Ana", email },
      body: "¿Sirve también para niños?",
      notifyReplies: true,
    },
    { "Accept-Language": language },
  );
  expect(res.status, await res.clone().text()).toBe(201);
  const { comment } = await res.json();
  await t.admin("POST", `/v1/admin/comments/${comment.id}/approve`);
  await t.deliver();
  const [mail] = mailsTo(email);
  const url = new RegExp(`${PUBLIC_URL}/comments/notify/confirm\\?token=[\\w.-]+`).exec(mail.text ?? "")?.[0];
  const token = new URL(String(url)).searchParams.get("token") as string;
  // The link's page speaks the reader's browser's language (here the same one).
  const page = await t.call("GET", String(url).slice(PUBLIC_URL.length), undefined, { "Accept-Language": language });
  expect(page.status).toBe(200);
  pages.push(await page.text());
  const confirmed = await t.call("POST", "/comments/notify/confirm", new URLSearchParams({ token }).toString(), {
    "Content-Type": "application/x-www-form-urlencoded",
    "Accept-Language": language,
  });
  expect(confirmed.status).toBe(200);
  pages.push(await confirmed.text());
  await postComment(t, { uri: `/blog/${language}`, parentId: comment.id, name: "Dr. Kim", body: "Sí, con cuidado." });
  await t.deliver();
  return mailsTo(email);
}

describe("emails in the reader's language", () => {
  it("asks a Spanish reader to confirm, and tells of the reply, in Spanish", async () => {
    const [confirm, reply] = await askForReplies("ana.es@example.com", "es-ES,es;q=0.9");
    expect(confirm.subject).toMatch(/^Confirma los avisos de respuestas de /);
    expect(confirm.text).toContain("Sí, avisadme de las respuestas");
    expect(confirm.html).toContain('<html lang="es" dir="ltr">');
    expect(reply.subject).toMatch(/^Nueva respuesta a tu comentario en /);
    expect(reply.text).toContain("> Dr. Kim escribió:");
    expect(reply.text).toContain("> Sí, con cuidado.");
    expect(reply.text).toContain("Desactivar los avisos de respuestas");
    expect(reply.text).not.toMatch(/reply|wrote/i);
    expect(pages[0]).toContain('<html lang="es">');
    expect(pages[0]).toContain("Confirma que ana.es@example.com debe recibir un correo");
    expect(pages[0]).toContain(">Sí, avisadme de las respuestas</button>");
    expect(pages[0]).toMatch(/>Volver a [^<]+<\/a>/);
    expect(pages[1]).toContain("Recibirás un correo cuando alguien te responda.");
  });

  it("writes to an Arabic reader in Arabic, right to left", async () => {
    const [confirm, reply] = await askForReplies("ana.ar@example.com", "ar");
    expect(confirm.subject).toMatch(/^أكّد تلقي إشعارات الردود من /);
    expect(confirm.html).toContain('<html lang="ar" dir="rtl">');
    expect(reply.text).toContain("> كتب Dr. Kim:");
    expect(reply.html).toContain("border-right:3px solid");
    expect(pages[0]).toContain('<html lang="ar" dir="rtl">');
    expect(pages[1]).toContain("ستصلك رسالة عندما يرد عليك أحد.");
  });

  it("keeps English for a reader whose language is not shipped", async () => {
    const [confirm] = await askForReplies("ana.ja@example.com", "ja");
    expect(confirm.subject).toMatch(/^Confirm reply notifications from /);
    expect(pages[0]).toContain('<html lang="en">');
    expect(pages[0]).toContain(">Yes, email me replies</button>");
  });

  it("shows the operator's crisis message in the reader's language, the default one otherwise", async () => {
    const post = (language: string) =>
      t.call(
        "POST",
        "/v1/comments",
        { uri: "/blog/crisis", author: { name: "B" }, body: "I want to kill myself" },
        { "Accept-Language": language },
      );
    const spanish = await (await post("es")).json();
    expect(spanish.notice).toMatchObject({ kind: "crisis", text: SPANISH_CRISIS });
    expect(spanish.notice.links).toEqual([{ label: "Llamar al 024", href: "tel:024" }]);
    // Without JavaScript (a form post), the crisis page itself is Spanish.
    const page = await t.call(
      "POST",
      "/v1/comments",
      new URLSearchParams({ uri: "/blog/crisis", name: "B", body: "I want to kill myself" }).toString(),
      { "Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "es" },
    );
    expect(page.status).toBe(201);
    const text = await page.text();
    expect(text).toContain('<html lang="es">');
    expect(text).toContain("<h1>No estás solo ni sola</h1>");
    expect(text).toContain(SPANISH_CRISIS);
    expect(text).toContain(">Volver al artículo</a>");
    const french = await (await post("fr")).json();
    expect(french.notice.text).toContain("988");
    expect(configShape.CRISIS_LINKS_AR.safeParse("اتصل=javascript:alert(1)").success).toBe(false);
  });
});

describe("the reader emails' catalogue", () => {
  const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  const texts = (o: object, prefix = ""): [string, string][] =>
    Object.entries(o).flatMap(([k, v]) => (typeof v === "string" ? [[prefix + k, v]] : texts(v, `${prefix}${k}.`)));
  const english = texts(READER_MAIL.en).filter(([k]) => !k.startsWith("language.lang") && k !== "language.dir");

  it.each(Object.keys(READER_MAIL))("%s has every text of English, with the same placeholders", (locale) => {
    const translated = new Map(texts(READER_MAIL[locale as keyof typeof READER_MAIL]));
    expect(READER_MAIL[locale as keyof typeof READER_MAIL].language.lang).toBe(locale);
    for (const [key, text] of english) {
      expect(translated.get(key)?.trim(), `${locale} ${key}`).toBeTruthy();
      expect(placeholders(translated.get(key) ?? ""), `${locale} ${key}`).toEqual(placeholders(text));
    }
  });
});
