import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { localeOf, readerLocale } from "./locale.ts";

describe("the reader's language", () => {
  const app = new Hono().get("/", (c) => c.text(readerLocale(c)));
  const ask = async (header?: string) =>
    (await app.request("/", { headers: header ? { "accept-language": header } : {} })).text();

  it("is the first shipped language by quality, a regional tag counting as its language, else English", async () => {
    expect(await ask("es")).toBe("es");
    expect(await ask("pt-BR,pt;q=0.9,en;q=0.8")).toBe("pt");
    expect(await ask("ja,ar;q=0.5,en;q=0.4")).toBe("ar");
    expect(await ask("en;q=0.2,de;q=0.9")).toBe("de");
    expect(await ask("ja,zh-CN")).toBe("en");
    expect(await ask("fr;q=0,*")).toBe("en");
    expect(await ask()).toBe("en");
    expect(localeOf("AR-eg")).toBe("ar");
    expect(localeOf("xx")).toBeNull();
  });
});
