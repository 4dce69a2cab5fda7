import { describe, expect, it } from "vitest";
import { type ContactKind, findContactDetails } from "./contact-details.ts";

const FOUND: [string, ContactKind[]][] = [
  ["555.123.4567", ["phone"]],
  ["UK office 020 7946 0958", ["phone"]],
  ["+49 30 123456 (Berlin)", ["phone"]],
  ["555\\-123\\-4567", ["phone"]],
  ["write to jane@mail.example.org please", ["email"]],
  ["jane(at)example.com", ["email"]],
  ["j\u200bane@example.com", ["email"]],
  ["7 Elm St. Apt 4B", ["street_address"]],
  ["1600 Pennsylvania Avenue NW", ["street_address"]],
  ["12 Baker Street in London", ["street_address"]],
  ["PO Box 1234", ["street_address"]],
  ["birthdate 14th of March 1985", ["date_of_birth"]],
  ["my patient ID is 44-556677", ["record_number"]],
  ["group number G12345", ["record_number"]],
  ["123-45-6789", ["record_number"]],
  ["call 555-123-4567 or mail jane@example.com, DOB 3/14/85", ["phone", "email", "date_of_birth"]],
];

// Near misses: each looks a little like one of the kinds above.
const NOT_FOUND = [
  "I was born in 1985",
  "started on 03/14/2020",
  "Look at this dot com bubble of wellness sites",
  "I read it at webmd.com",
  "email the authors of the 2019 study",
  "3 miles down the road",
  "I take 300 mg St. John's wort",
  "In 2 weeks Dr Lee will call",
  "my insurance 2019-2023 was fine",
  "PMID 29898390 and NCT03181529",
  "the phone app counted 100-1000 steps",
  "@sam thanks for the reply",
];

describe("findContactDetails", () => {
  it.each(FOUND)("finds in %j the kinds %j", (text, kinds) => {
    expect(findContactDetails(text)).toEqual(kinds);
  });

  it.each(NOT_FOUND)("finds nothing in %j", (text) => {
    expect(findContactDetails(text)).toEqual([]);
  });

  it("stays fast on a long body of digits and separators", () => {
    const body = "1-2 ".repeat(2500) + "a at b dot ".repeat(900);
    const started = performance.now();
    findContactDetails(body);
    expect(performance.now() - started).toBeLessThan(200);
  });
});
