import { describe, expect, it } from "vitest";
import { contactText } from "./normalise.ts";
import { findRisk, hasRisk } from "./risk.ts";

// Policy under test: every mention of suicide or self-harm is held, even a clinical one.
const CRISIS = [
  "I want to kill myself",
  "thinking about suicide",
  "I don't want to live anymore",
  "I don\u2019t   want to live any more",
  "I've been cutting myself",
  "I want to end my life",
  "everyone would be better off dead",
  "I would overdose on purpose if I could",
  "I have no reason to live",
  "kms",
  "ugh. kms",
  "self-harm",
  "my self harm scars",
  "suicide rates in the study fell",
  "I've had suicidal thoughts since starting it",
  "I just wanna die",
  "I'm going to end it all",
  "I'm thinking about ending it",
  "I keep hurting myself",
  "I tried to hurt myself last night",
  "I wish I was dead",
  "life is not worth living",
  "I want to unalive myself",
  "KILL. MY. SELF.",
  "I've been thinking about overdosing on my pills",
  "I might take my own life",
  "I'm planning to jump off the bridge",
  "I've started burning myself again",
  "I overdosed on my meds on purpose",
  "s\u200buicide",
  "ｓｕｉｃｉｄｅ",
];

const NOT_CRISIS = [
  "killer app",
  "this headache is killing me",
  "dead tired after the night shift",
  "cut my dose in half",
  "I could die of laughter",
  "I thought I was going to die during the panic attack",
  "I cut myself shaving this morning",
  "I'm cutting myself some slack this week",
  "I don't want to live in Ohio anymore",
  "I don't want to die from this",
  "I want to die peacefully at home when I'm old",
  "I walk 5 kms a day",
  "overdose risk with fentanyl is real",
  "at the end of my life I want to be at home",
  "In the end it all worked out",
  "drop-dead gorgeous",
  "I'm dying to try it",
  "I shot myself in the foot by skipping doses",
  "the drug kills cancer cells",
  "I'm going to end it with a question",
];

describe("the risk screen", () => {
  it.each(CRISIS)("hears crisis in %j", (text) => {
    expect(hasRisk(text)).toBe(true);
  });

  it.each(NOT_CRISIS)("does not hear crisis in the figure of speech %j", (text) => {
    expect(hasRisk(text)).toBe(false);
  });
});

describe("contactText", () => {
  it.each([
    ["fullwidth letters and digits", "ＡＢＣ１２３", "ABC123"],
    ["zero-width and soft-hyphen characters", "v\u200bi\u00ada\u200dg\ufeffra", "viagra"],
    ["Markdown escapes", "555\\-123\\-4567", "555-123-4567"],
  ])("undoes %s", (_label, input, expected) => {
    expect(contactText(input).text).toBe(expected);
  });

  // Plain ASCII takes a short way (the text is its own fold); every other character is folded through a table.
  it.each([
    ["plain ASCII", "call 555 0100", "call 555 0100", [..."call 555 0100"]],
    [
      "a ligature, fullwidth digits and an escape",
      "e\ufb03cace ５５\\-５",
      "efficace 55-5",
      ["e", "\ufb03", "\ufb03", "\ufb03", "c", "a", "c", "e", " ", "５", "５", "-", "５"],
    ],
    [
      "a character of another plane and a lone surrogate",
      "\u{1d7d3}5 \ud800x",
      "55 \ud800x",
      ["\u{1d7d3}", "5", " ", "\ud800", "x"],
    ],
  ])("maps every character of %s back to the one it came from", (_label, input, expected, origins) => {
    const mapped = contactText(input);
    expect(mapped.text).toBe(expected);
    expect([...Array(expected.length).keys()].map((i) => input.slice(mapped.starts[i], mapped.ends[i]))).toEqual(
      origins,
    );
  });
});

describe("what the risk screen reads", () => {
  const rulesOf = (text: string) => findRisk(text).map((f) => f.rule);
  const wordsOf = (text: string) => findRisk(text).map((f) => text.slice(f.start, f.end));

  it("hears a wish worded without any fixed phrase, mid-paragraph, and says where", () => {
    const text = "On 300 mg gabapentin for a year. Most nights I go to sleep wishing I wouldn't wake up. Anyway, LDN?";
    expect(rulesOf(text)[0]).toMatch(/^passive_ideation\//);
    expect(wordsOf(text).join(" ")).toContain("wake");
  });

  it.each([
    ["a negation that cancels", "I'm not suicidal, just exhausted", false],
    ["a denial of having had the thought", "I never had any thoughts of hurting myself, to be clear", false],
    ["a reported question", "my therapist asked if I ever wanted to end my life", false],
    ["a negation that does not cancel", "I'm not going to lie, I want to die.", true],
    ["a negation that is the statement", "i dont want to be alive anymore", true],
    ["a double negation", "I can't stop thinking about killing myself", true],
    ["a question reported with its object", "the nurse asked me carefully whether I ever wanted to kill myself", false],
    ["a bare denial after the words", "thoughts of harming myself, never. I love my garden too much", false],
    [
      "a bare denial opening the next sentence",
      "Thoughts of ending my life? I have not, ever. I want the pain gone.",
      false,
    ],
    ["a next sentence that only starts like a denial", "I want to kill myself. No one would even care.", true],
  ])("reads %s: %j", (_label, text, risk) => {
    expect(hasRisk(text)).toBe(risk);
  });

  it("hears killing oneself told with a word of ending, and not ending up somewhere", () => {
    expect(rulesOf("some nights i think about ending myself")).toEqual(["active_ideation/end_self"]);
    expect(hasRisk("I ended myself up in A&E after the fall")).toBe(false);
  });

  it("names a statement about someone else a mention, still held", () => {
    expect(rulesOf("my best friend cuts herself and I don't know how to help her")).toEqual([
      "mention/harm_other_self",
    ]);
    expect(rulesOf("suicide rates in the study fell")).toEqual(["active_ideation/suicide_word"]);
  });

  it("reads look-alike letters, spaced-out letters and misspellings as the words they imitate", () => {
    expect(hasRisk("I want to k\u0456ll mys\u0435lf")).toBe(true); // Cyrillic і and е
    expect(hasRisk("thinking about s u i c i d e")).toBe(true);
    expect(hasRisk("i want to kil myslef")).toBe(true);
  });

  it("adds weak cues of neighbouring sentences, and no weak cue flags alone", () => {
    expect(hasRisk("I'm such a burden.")).toBe(false);
    expect(hasRisk("I'm such a burden. No one would even notice if I was gone.")).toBe(true);
    expect(hasRisk("I've been stockpiling my pills.")).toBe(false);
    expect(hasRisk("I've been stockpiling my pills. Almost have enough to do it.")).toBe(true);
  });

  it("stays linear on a long comment of repeated risk words", () => {
    const time = (n: number) => {
      const text = "i want to die i want to ".repeat(n);
      const started = performance.now();
      findRisk(text);
      return performance.now() - started;
    };
    // The best of three runs of each size (see risk-model.test.ts): a preempted run is noise, not a quadratic.
    const best = (n: number) => Math.min(time(n), time(n), time(n));
    time(400); // warm up
    const small = best(400);
    expect(best(4000)).toBeLessThan(40 * Math.max(small, 1));
  });
});
