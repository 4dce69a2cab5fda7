import { describe, expect, it } from "vitest";
import { CONFUSABLES_VERSION } from "./confusables.data.ts";
import { skeleton, skeletonText } from "./skeleton.ts";

describe("skeleton", () => {
  it.each([
    ["capitals", "MODERATOR"],
    ["fullwidth letters", "ＭＯＤＥＲＡＴＯＲ"],
    ["Cyrillic о, е and а", "Mоdеrаtоr"],
    ["Greek ο and mathematical bold letters", "𝐌οderator"],
    ["spaces between the letters", "M o d e r a t o r"],
    ["dots between the letters", "m.o.d.e.r.a.t.o.r"],
    ["a zero-width space", "Mod\u200berator"],
    ["accents", "Mödërätör"],
    ["a soft hyphen and a combining mark", "Mode\u00adra\u0301tor"],
  ])("gives %s the skeleton of the plain word", (_label, lookalike) => {
    expect(skeleton(lookalike)).toBe(skeleton("moderator"));
  });

  it("folds the classic look-alike digits and letters together", () => {
    expect(skeleton("0wner")).toBe(skeleton("owner"));
    expect(skeleton("adrnin")).toBe(skeleton("admin"));
    expect(skeleton("rnoderator")).toBe(skeleton("moderator"));
  });

  it.each([
    ["moderator", "moderators"],
    ["owner", "admin"],
    ["Anna", "Hanna"],
    ["Zoë", "Zed"],
  ])("keeps %j and %j apart", (a, b) => {
    expect(skeleton(a)).not.toBe(skeleton(b));
  });

  it("is idempotent on every letter of Latin, Greek, Cyrillic, fullwidth and mathematical alphabets", () => {
    const ranges = [
      [0x20, 0x24f],
      [0x370, 0x52f],
      [0xff01, 0xff5e],
      [0x1d400, 0x1d7ff],
    ];
    for (const [from, to] of ranges) {
      for (let cp = from; cp <= to; cp++) {
        const once = skeleton(String.fromCodePoint(cp));
        expect(skeleton(once), `U+${cp.toString(16)}`).toBe(once);
      }
    }
  });

  it(`uses Unicode's confusables data (version ${CONFUSABLES_VERSION})`, () => {
    expect(CONFUSABLES_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    expect(skeleton("\u0430")).toBe("a"); // CYRILLIC SMALL LETTER A
    expect(skeleton("\u0391\u03bf")).toBe("ao"); // GREEK CAPITAL LETTER ALPHA, GREEK SMALL LETTER OMICRON
  });
});

describe("skeletonText", () => {
  const original = (text: string, s: ReturnType<typeof skeletonText>, from: number, to: number) =>
    text.slice(s.starts[from], s.ends[to - 1]);

  it("keeps the words apart with single spaces and reads apostrophes as part of a word", () => {
    expect(skeletonText("  I don’t   KNOW, really!! ").text).toBe("i dont know really");
  });

  it("reads a word spelled out letter by letter as one word", () => {
    expect(skeletonText("I’m ｓ u i c i d a l").text).toBe("irn suicidal");
    expect(skeletonText("k.i.l.l m-y-s-e-l-f now").text).toBe("kill rnyself now");
    expect(skeletonText("a b, c").text).toBe("a b c"); // different separators: still three words
  });

  it("maps every character back to where it was written", () => {
    const text = "Hi Ｍоm, I’m t i r e d 😴 of it";
    const s = skeletonText(text);
    const at = (word: string) => {
      const from = s.text.indexOf(word);
      return original(text, s, from, from + word.length);
    };
    expect(at("rnorn")).toBe("Ｍоm");
    expect(at("irn")).toBe("I’m");
    expect(at("tired")).toBe("t i r e d");
    expect(at("of")).toBe("of");
  });

  it("never grows a text more than fourfold, whatever its characters", () => {
    for (const c of ["\ufdfa", "\u3316", "m", "\u33af", "\u{1d400}"]) {
      const text = c.repeat(1000);
      expect(skeletonText(text).text.length).toBeLessThanOrEqual(4 * text.length);
    }
  });

  it("takes time linear in the text", () => {
    const unit = "Ｋ i l l me 0 1 \u200b don't ﷺ mm. ";
    const time = (repeat: number) => {
      const text = unit.repeat(repeat);
      skeletonText(text);
      const started = performance.now();
      for (let i = 0; i < 5; i++) skeletonText(text);
      return performance.now() - started;
    };
    time(300); // warm up
    const small = time(300);
    // Ten times the text: about ten times the time, far from a hundred.
    expect(time(3000)).toBeLessThan(40 * Math.max(small, 1));
  });
});
