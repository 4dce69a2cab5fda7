import { generateKeyPairSync } from "node:crypto";
import { dkimVerify } from "mailauth/lib/dkim/verify.js";
import type { DkimOptions } from "../src/transports/transport.ts";

/**
 * An independent DKIM verifier (mailauth, which shares no code with nodemailer's signer) whose DNS answers are
 * exactly `records`: name → the TXT record's strings, as a DNS server returns them (a long record in pieces).
 *
 *   const { verify } = dkimVerifier({ "parlor._domainkey.blog.example": ["v=DKIM1; k=rsa; p=MIIB…", "…"] });
 *   expect((await verify(delivery.raw)).result).toBe("pass");
 */
export function dkimVerifier(records: Record<string, string[]>) {
  const resolver = async (name: string, type: string) => {
    const strings = type === "TXT" ? records[name] : undefined;
    if (strings) return [strings];
    throw Object.assign(new Error(`no ${type} record for ${name}`), { code: "ENOTFOUND" });
  };
  return {
    /** The first signature's verdict ("pass", "fail", "neutral", …) and the header fields it covers, lower case. */
    async verify(raw: Buffer | string) {
      const out = await dkimVerify(Buffer.from(raw), { resolver } as never);
      const first = out.results?.[0] as
        | { status?: { result?: string }; signingHeaders?: { keys?: string } }
        | undefined;
      const keys = first?.signingHeaders?.keys ?? "";
      return {
        result: first?.status?.result ?? "none",
        signed: keys
          .split(":")
          .map((k) => k.trim().toLowerCase())
          .filter(Boolean),
      };
    },
  };
}

/**
 * A throwaway DKIM key and a verifier whose DNS lookups answer with the key's public half. For tests that check
 * what receivers will see.
 *
 *   const dkim = testDkim();
 *   const transport = createSmtpTransport(sink.url, { dkim: dkim.options });
 *   expect((await dkim.verify(delivery.raw)).result).toBe("pass");
 */
export function testDkim(domain = "blog.example", selector = "parlor") {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const p = publicKey.export({ type: "spki", format: "der" }).toString("base64");
  const options: DkimOptions = { domainName: domain, keySelector: selector, privateKey: pem };
  const { verify } = dkimVerifier({ [`${selector}._domainkey.${domain}`]: [`v=DKIM1; k=rsa; p=${p}`] });
  return { options, verify };
}
