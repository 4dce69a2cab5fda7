import { describe, expect, it } from "vitest";
import { hasCrisisLanguage, normaliseText } from "./crisis.ts";

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

describe("hasCrisisLanguage", () => {
  it.each(CRISIS)("hears crisis in %j", (text) => {
    expect(hasCrisisLanguage(text)).toBe(true);
  });

  it.each(NOT_CRISIS)("does not hear crisis in the figure of speech %j", (text) => {
    expect(hasCrisisLanguage(text)).toBe(false);
  });
});

describe("normaliseText", () => {
  it.each([
    ["fullwidth letters and digits", "ＡＢＣ１２３", "ABC123"],
    ["zero-width and soft-hyphen characters", "v\u200bi\u00ada\u200dg\ufeffra", "viagra"],
    ["Markdown escapes", "555\\-123\\-4567", "555-123-4567"],
  ])("undoes %s", (_label, input, expected) => {
    expect(normaliseText(input)).toBe(expected);
  });
});
