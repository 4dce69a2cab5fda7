import { expect, it } from "vitest";
import { serviceFor } from "./gateway.ts";

it("routes the comments' Atom feeds to the comments service, as the contract's /comments/ prefix says", () => {
  expect(serviceFor("/comments/feed.atom")).toBe("comments");
  // The service also answers /v1/feed.atom, on its own port only: no public prefix covers it.
  expect(serviceFor("/v1/feed.atom")).toBeNull();
  expect(serviceFor("/newsletter/feed.atom")).toBe("newsletter");
});
