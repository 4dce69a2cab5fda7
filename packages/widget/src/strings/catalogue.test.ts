import { describe, expect, it } from "vitest";
import { type Catalogue, localize, type Plural } from "./catalogue.ts";
import { en } from "./en.ts";
import { CATALOGUES } from "./index.ts";

const PLURAL_KEYS = new Set(["zero", "one", "two", "few", "many", "other"]);
const isPlural = (v: object) => "other" in v && Object.keys(v).every((k) => PLURAL_KEYS.has(k));
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** Every text of a catalogue by its path (`form.tooManySeconds.other`), plurals by their `other` form. */
function texts(c: object, prefix = ""): Map<string, { text: string; plural?: Plural }> {
  const out = new Map<string, { text: string; plural?: Plural }>();
  for (const [key, value] of Object.entries(c)) {
    const path = prefix + key;
    if (typeof value === "string") out.set(path, { text: value });
    else if (isPlural(value)) out.set(path, { text: (value as Plural).other, plural: value as Plural });
    else for (const [p, v] of texts(value, `${path}.`)) out.set(p, v);
  }
  return out;
}

/** What is wrong with a catalogue against English: missing or extra texts, changed placeholders, missing plural forms. */
function problems(locale: string, c: object): string[] {
  const english = texts(en);
  const translated = texts(c);
  const found: string[] = [];
  for (const path of english.keys()) if (!translated.has(path)) found.push(`${path}: missing`);
  for (const path of translated.keys()) if (!english.has(path)) found.push(`${path}: not in English`);
  for (const [path, { text, plural }] of english) {
    const other = translated.get(path);
    if (!other) continue;
    if (!other.text.trim()) found.push(`${path}: empty`);
    if (placeholders(other.text).join() !== placeholders(text).join()) found.push(`${path}: placeholders differ`);
    if (!plural) continue;
    // Every plural form the language uses (`many` in French or Spanish is for millions: `other` serves).
    for (const category of new Intl.PluralRules(locale).resolvedOptions().pluralCategories) {
      if (category === "many" && locale !== "ar") continue;
      if (!other.plural?.[category as keyof Plural]) found.push(`${path}: no ${category} form`);
    }
    // A form may spell its number out (Arabic "ثانية واحدة"), never bring a placeholder English lacks.
    for (const form of Object.values(other.plural ?? {}))
      for (const p of placeholders(form)) if (!placeholders(text).includes(p)) found.push(`${path}: {${p}}?`);
  }
  return found;
}

describe("the widget's catalogues", () => {
  it.each(Object.entries(CATALOGUES))("%s has every text of English, with the same placeholders", (locale, c) => {
    expect(c.locale).toBe(locale);
    expect(problems(locale, c)).toEqual([]);
  });

  it("fails a catalogue that lacks a text, changes a placeholder or misses a plural form", () => {
    const broken = structuredClone(CATALOGUES.ar) as Catalogue;
    delete (broken.comments as Partial<Catalogue["comments"]>).title;
    broken.comments.replyTo = "الرد على {nombre}";
    delete broken.comments.count.two;
    expect(problems("ar", broken)).toEqual([
      "comments.title: missing",
      "comments.count: no two form",
      "comments.replyTo: placeholders differ",
    ]);
  });

  it("writes counts, waits and dates the reader's way", () => {
    const es = localize(CATALOGUES.es);
    expect(es.comments.count(1)).toBe("1 comentario");
    expect(es.comments.count(1200)).toBe("1200 comentarios"); // Spanish groups from five digits
    expect(es.form.tooMany(600)).toContain("10 minutos");
    const de = localize(CATALOGUES.de);
    expect(de.comments.count(12345)).toBe("12.345 Kommentare");
    expect(de.date("2026-03-04T10:00:00Z")).toBe("04.03.2026");
    const ar = localize(CATALOGUES.ar);
    expect(ar.comments.count(2)).toBe("تعليقان");
    const n = new Intl.NumberFormat("ar");
    expect(ar.comments.count(5)).toBe(`${n.format(5)} تعليقات`);
    expect(ar.comments.count(11)).toBe(`${n.format(11)} تعليقًا`);
    expect(ar.form.tooMany(1)).toContain("ثانية واحدة");
    expect(localize(CATALOGUES.fr).fieldError("Nom", "est requis")).toBe("Nom : est requis.");
  });
});
