import { describe, expect, it } from "vitest";
import { Upstreams } from "./upstreams.ts";

describe("Upstreams", () => {
  it("hands out a service's instances in turn", () => {
    const u = new Upstreams();
    u.add("comments", "http://a");
    u.add("comments", "http://b");
    u.add("newsletter", "http://n");
    const picks = [u.next("comments"), u.next("comments"), u.next("newsletter"), u.next("comments")];
    expect(picks).toEqual(["http://a", "http://b", "http://n", "http://a"]);
  });

  it("skips an instance that stopped, and has none once all did", () => {
    const u = new Upstreams();
    u.add("comments", "http://a");
    u.add("comments", "http://b");
    u.remove("comments", "http://a");
    expect([u.next("comments"), u.next("comments")]).toEqual(["http://b", "http://b"]);
    u.remove("comments", "http://b");
    expect(u.next("comments")).toBeUndefined();
    expect(u.next("newsletter")).toBeUndefined();
  });
});
