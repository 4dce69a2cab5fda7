import { describe, expect, it } from "vitest";
import { type ContactKind, findContactDetails } from "./contact-details.ts";
import { HOSTILE_BODIES } from "./evaluate.ts";
import { DEFAULT_SCREEN_POLICY, type Flag, type ScreenInput, screenComment } from "./screen.ts";

const POLICY = DEFAULT_SCREEN_POLICY;

function screen(body: string, extra: Partial<ScreenInput> = {}) {
  return screenComment({ body, authorName: "Sam", linkCount: 0, overSoftRateLimit: false, ...extra }, POLICY);
}
const verdict = ({ flags, crisis }: { flags: Flag[]; crisis: boolean }) => ({ flags, crisis });

// Ordinary health talk: numbers everywhere, none of them identify anyone.
const CLEAN = [
  "I took 20 mg twice a day",
  "A 2018 study",
  "n=24 participants",
  "5-HT2A receptors",
  "dose of 0.5 mg/kg",
  "blood pressure 120/80",
  "on day 3 of 14",
  "years 2019-2023",
  "I'm 45 years old",
  "1 in 5 people",
  "Vitamin D 2000 IU",
  "HbA1c 6.5%",
  "lost 15 lbs in 3 months",
  "from 2018 to 2021",
  "COVID-19",
  "page 1234",
  "PMID 29898390",
  "ICD-10 F32.1",
  "DSM-5",
  "I'm on my 3rd week",
  "took 100mg at 8:30 pm",
  "I take 300 mg St. John's wort every morning",
  "After 3 visits Dr. Patel switched me to 50 mg sertraline",
  "I walked 3 blocks down the street and felt dizzy",
  "The effect size was +0.52 (95% CI 0.31-0.74)",
  "Doses between 100-1000 mg were tested",
  "My insurance covered 80% of the $1200 bill",
  "I was born in 1985 and started the drug on 03/14/2020",
  "See the trial at clinicaltrials.gov, NCT03181529",
  "doi:10.1016/j.celrep.2018.05.022",
  "Carhart-Harris et al., NEJM 2021;384:1402-1411",
  "My sex drive came back after 2 weeks",
  "There is 1 more way to look at it",
  "Resting heart rate dropped from 72 to 64 bpm over 6 weeks",
  "Take 1-2 tablets every 4-6 hours, max 3000 mg per 24 h",
  "this headache is killing me",
  "I cut my dose in half",
  "dead tired after the night shift",
];

const PSYCHEDELICS_COMMENT = `Great post, Dr. Alvarez! A few thoughts from someone who has read too many of these papers.

The neuroplasticity story took off with Ly et al. (2018), *Cell Reports* 23(11):3170-3182,
doi:10.1016/j.celrep.2018.05.022 (PMID 29898390), which showed psychedelics promote structural plasticity in
cortical neurons via TrkB, mTOR and 5-HT2A signalling. Shao et al. 2021 (*Neuron* 109(16):2535-2544) saw a ~10%
increase in dendritic spine density in mouse frontal cortex within 24 hours of a single 1 mg/kg dose of psilocybin.

In humans the data are thinner. Carhart-Harris et al., NEJM 2021;384:1402-1411 randomised n=59 patients (mean age 41,
ICD-10 F32.1 or F33.1, HAM-D ≥ 17) to 25 mg psilocybin x 2 vs escitalopram 10-20 mg daily for 6 weeks. The QIDS-SR-16
difference was 2.0 points (95% CI -5.0 to 0.9), though secondary outcomes favoured psilocybin. Davis et al. 2021
(JAMA Psychiatry 78(5):481-489) reported d = 2.2 at week 4 in n=24 participants.

Practical notes: at 0.3 mg/kg heart rate rose by 10-15 bpm and blood pressure went from 120/80 to about 140/90 at
peak (T+2 h). 1 in 5 people reported headache the next day. I'm 45 years old, on my 3rd week of microdosing
(0.1 g every 3 days from 2023-01-15 to 2023-03-01), and I stopped my 300 mg St. John's wort 2 weeks before because
of serotonin syndrome risk. My HbA1c went from 6.5% to 5.9%.

Worth reading: the MAPS phase 3 trial (NCT03537014) and COMP360 phase 2b (N = 233; 1, 10 or 25 mg). See
https://pubmed.ncbi.nlm.nih.gov/29898390/ and the DSM-5 criteria for context.`;

type FlaggedRow = { body: string; flags: Flag[]; kinds: ContactKind[] };
const contact = (kind: ContactKind, body: string): FlaggedRow => ({ body, flags: ["contact_details"], kinds: [kind] });

const FLAGGED: FlaggedRow[] = [
  contact("phone", "Call me at 555-123-4567"),
  contact("phone", "my cell is (555) 123-4567"),
  contact("phone", "+1 555 123 4567 anytime"),
  contact("phone", "text 5551234567 after 6"),
  contact("phone", "In London ring +44 20 7946 0958"),
  contact("phone", "call me on 555-1234"),
  contact("phone", "Tel: ５５５-１２３-４５６７"),
  contact("email", "email jane.doe@example.com"),
  contact("email", "jane at example dot com"),
  contact("email", "reach me: jane dot doe at gmail dot com"),
  contact("email", "jane [at] example [dot] org"),
  contact("email", "jane at gmail.com"),
  contact("street_address", "I live at 123 Main Street"),
  contact("street_address", "42 Oak Ave, Springfield"),
  contact("street_address", "Apt 4B is mine"),
  contact("street_address", "22 Maple Drive"),
  contact("street_address", "Springfield, IL 62704"),
  contact("date_of_birth", "DOB 03/14/1985"),
  contact("date_of_birth", "born on March 14, 1985"),
  contact("date_of_birth", "date of birth: 1985-03-14"),
  contact("date_of_birth", "my birthday is 3/14/85"),
  contact("date_of_birth", "D.O.B. 14/03/1985"),
  contact("record_number", "MRN 12345678"),
  contact("record_number", "medical record number 998877"),
  contact("record_number", "member ID: XYZ123456789"),
  contact("record_number", "policy # 123456789"),
  contact("record_number", "SSN 123-45-6789"),
  contact("record_number", "insurance id ABC1234567"),
  { body: "I want to kill myself", flags: ["crisis"], kinds: [] },
  { body: "suicide rates in the study fell", flags: ["crisis"], kinds: [] },
  {
    body: "I don't want to live anymore, call me at 555-123-4567",
    flags: ["contact_details", "crisis"],
    kinds: ["phone"],
  },
  {
    body: "DOB 03/14/1985, MRN 12345678, jane@example.com, 42 Oak Ave",
    flags: ["contact_details"],
    kinds: ["email", "street_address", "date_of_birth", "record_number"],
  },
];

describe("screenComment", () => {
  it.each(CLEAN)("lets %j through with no flags", (body) => {
    expect(verdict(screen(body))).toEqual({ flags: [], crisis: false });
  });

  it("lets a long comment about psychedelics and neuroplasticity that cites studies through", () => {
    expect(verdict(screen(PSYCHEDELICS_COMMENT, { linkCount: 1 }))).toEqual({ flags: [], crisis: false });
  });

  it.each(FLAGGED)("flags $body with exactly $flags", ({ body, flags, kinds }) => {
    const result = screen(body);
    expect(result.flags).toEqual(flags);
    expect(result.crisis).toBe(flags.includes("crisis"));
    if (result.crisis) expect(result.helpline).toBe(true);
    expect(findContactDetails(body)).toEqual(kinds);
  });

  it("shows the helpline without a flag when the model finds a statement of risk likely but is unsure", () => {
    const result = screen("I'm tired. Not sleepy. Tired of living.");
    expect(result.flags).toEqual([]);
    expect(result.crisis).toBe(false);
    expect(result.helpline).toBe(true);
    expect(screen("I'm tired. Not sleepy. Just tired after the night shift.").helpline).toBe(false);
  });

  it.each([
    [2, []],
    [3, ["link_count"]],
  ] as const)("with %i links under the default policy gives %j", (linkCount, flags) => {
    expect(screen("see these", { linkCount }).flags).toEqual(flags);
  });

  it("takes the link limit from the policy", () => {
    const input = { body: "links", authorName: "Sam", linkCount: 1, overSoftRateLimit: false };
    expect(screenComment(input, { maxLinks: 0, blockedWords: [] }).flags).toEqual(["link_count"]);
  });

  it.each([
    ["a URL", "https://spam.example", ["honeypot"]],
    ["only spaces", "   \t", []],
    ["an empty string", "", []],
    ["null", null, []],
  ] as const)("treats a honeypot holding %s as %j", (_label, honeypot, flags) => {
    expect(screen("hello", { honeypot }).flags).toEqual(flags);
  });

  it("flags a client over the soft rate limit", () => {
    expect(screen("hello", { overSoftRateLimit: true }).flags).toEqual(["rate"]);
  });

  it("ignores the website field, which is meant to hold a link", () => {
    expect(screen("hello", { website: "https://example.com/contact?phone=5551234567" }).flags).toEqual([]);
  });

  it("flags contact details put in the author name, which is shown publicly", () => {
    expect(screen("hello", { authorName: "Jane 555-123-4567" }).flags).toEqual(["contact_details"]);
  });

  it("lists every tripped flag once, in the order of the Flag type", () => {
    const result = screenComment(
      {
        body: "buy pills, call 555-123-4567, I want to end my life, 555-765-4321, pills",
        authorName: "pills",
        honeypot: "x",
        linkCount: 9,
        overSoftRateLimit: true,
      },
      { maxLinks: 2, blockedWords: ["pills", "buy pills"] },
    );
    expect(verdict(result)).toEqual({
      flags: ["link_count", "contact_details", "crisis", "blocked_word", "honeypot", "rate"],
      crisis: true,
    });
  });
});

describe("the reasons of a flag", () => {
  it("names each flag's words with UTF-16 offsets into the body and the rule that found them", () => {
    const body = "Hi 👋 all. Most nights I go to sleep wishing I wouldn't wake up. Text me on +44 7700 900123.";
    const { details } = screen(body);
    expect(details.map((d) => [d.flag, d.rule, body.slice(d.start ?? 0, d.end ?? 0)])).toEqual([
      ["contact_details", "phone/international", "+44 7700 900123"],
      ["crisis", "passive_ideation/wish_not_wake", "wishing I wouldn't wake"],
    ]);
  });

  it("names the learned model where no rule explains a statement of risk, and points at its sentence", () => {
    const body =
      "Thank you for the post on iron. My wife would have a better life if I wasn't in it anymore, permanently.";
    const { flags, details } = screen(body);
    expect(flags).toEqual(["crisis"]);
    expect(details.map((d) => [d.rule, body.slice(d.start ?? 0, d.end ?? 0)])).toEqual([
      ["model:risk", "My wife would have a better life if I wasn't in it anymore, permanently"],
    ]);
  });

  it("gives reasons that are not words of the body no offsets", () => {
    const input = { body: "see", authorName: "Jo 555-123-4567", linkCount: 5, overSoftRateLimit: true, honeypot: "x" };
    expect(screenComment(input, { maxLinks: 2, blockedWords: ["jo"] }).details).toEqual([
      { flag: "link_count", start: null, end: null, rule: "link_count/5>2" },
      { flag: "contact_details", start: null, end: null, rule: "phone/north_american/author_name" },
      { flag: "blocked_word", start: null, end: null, rule: "blocked_word/author_name" },
      { flag: "honeypot", start: null, end: null, rule: "honeypot" },
      { flag: "rate", start: null, end: null, rule: "rate" },
    ]);
  });

  it("finds a blocked word where it was written, look-alike forms included", () => {
    const body = "cheap ｖ\u200biagra here";
    const [detail] = screenComment(
      { body, authorName: "Sam", linkCount: 0, overSoftRateLimit: false },
      {
        maxLinks: 2,
        blockedWords: ["viagra"],
      },
    ).details;
    expect(body.slice(detail.start ?? 0, detail.end ?? 0)).toBe("ｖ\u200biagra");
  });
});

describe("blocked words", () => {
  const policy = { maxLinks: 2, blockedWords: ["viagra", "ass", "buy now", "c++"] };
  const check = (body: string, authorName = "Sam") =>
    screenComment({ body, authorName, linkCount: 0, overSoftRateLimit: false }, policy).flags;

  it.each([
    "Cheap VIAGRA here",
    "cheap v\u200biagra here",
    "cheap ｖｉａｇｒａ here",
    "**viagra**",
    "you ass.",
    "Buy   now!",
    "buy\nnow",
    "learn c++ today",
  ])("flags %j", (body) => {
    expect(check(body)).toEqual(["blocked_word"]);
  });

  it.each(["my class was great", "assess the evidence", "viagras", "buying now", "c+ grade"])(
    "does not flag %j, where the word is only part of another",
    (body) => {
      expect(check(body)).toEqual([]);
    },
  );

  it("checks the author name too", () => {
    expect(check("hello", "Viagra Shop")).toEqual(["blocked_word"]);
  });

  it("ignores blank entries in the word list", () => {
    const input = { body: "hello there", authorName: "Sam", linkCount: 0, overSoftRateLimit: false };
    expect(screenComment(input, { maxLinks: 2, blockedWords: ["", "  "] }).flags).toEqual([]);
  });
});

describe("the screen's cost", () => {
  // screen:eval prints the real numbers (about 1–2 ms at 10,000 characters); this only catches a pattern gone
  // super-linear, which costs tens or hundreds of milliseconds on these bodies (the "mrn-" one cost 120 ms before).
  it.each(Object.keys(HOSTILE_BODIES))("screens 10,000 characters of %s in a few milliseconds", (name) => {
    const body = HOSTILE_BODIES[name];
    let fastest = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 8; i++) {
      const started = performance.now();
      screen(body);
      fastest = Math.min(fastest, performance.now() - started);
    }
    expect(fastest).toBeLessThan(25);
  });
});
