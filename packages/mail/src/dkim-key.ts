import { generateKeyPairSync } from "node:crypto";
import { writeFileSync } from "node:fs";
import { type CliCommand, CliError, operatorPath } from "@parlor/kit/cli";
import { resolvePath } from "@parlor/kit/config";
import { getDomain } from "tldts";
import { parseMailbox } from "./message.ts";
import type { MailConfig } from "./service-config.ts";

/** One DNS TXT string holds at most 255 bytes (RFC 1035 §3.3.14); a 2048-bit key's p= is longer. */
const TXT_STRING = 255;

/** A fresh DKIM key: the private half as PKCS#8 PEM, the public half as the base64 of its DER (the p= value). */
export function makeDkimKey(bits = 2048): { privateKeyPem: string; publicKeyBase64: string } {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: bits });
  return {
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKeyBase64: publicKey.export({ type: "spki", format: "der" }).toString("base64"),
  };
}

/**
 * The DKIM key record (RFC 6376 §3.6.1) for a public key: its name, its value, and the value cut into TXT strings
 * of at most 255 characters, as a zone file or a DNS host that asks for them takes it.
 *
 *   const record = dkimRecord("blog.example", "parlor", makeDkimKey().publicKeyBase64);
 *   // record.name: "parlor._domainkey.blog.example", record.value: "v=DKIM1; k=rsa; p=MIIB…"
 */
export function dkimRecord(domain: string, selector: string, publicKeyBase64: string) {
  const value = `v=DKIM1; k=rsa; p=${publicKeyBase64}`;
  const strings: string[] = [];
  for (let i = 0; i < value.length; i += TXT_STRING) strings.push(value.slice(i, i + TXT_STRING));
  return { name: `${selector}._domainkey.${domain}`, value, strings };
}

/**
 * Whether MAIL_FROM's domain and DKIM_DOMAIN align in DMARC's relaxed mode (RFC 7489 §3.1.1): the same
 * organizational domain, found with the Public Suffix List (`news.blog.example.co.uk` and `blog.example.co.uk`
 * align; `blog.example` and `example.net` do not). Null when they align, else the problem in one line.
 */
export function dkimAlignmentProblem(mailFrom: string, dkimDomain: string): string | null {
  const from = parseMailbox(mailFrom).address.split("@").pop()?.toLowerCase() ?? "";
  const signer = dkimDomain.toLowerCase().replace(/\.$/, "");
  const organizational = (domain: string) => getDomain(domain) ?? domain;
  if (organizational(from) === organizational(signer)) return null;
  return `MAIL_FROM's domain ${from} does not align with DKIM_DOMAIN ${signer}: DMARC passes on DKIM only when the signing domain shares the From domain's organizational domain (relaxed alignment), so receivers that check DMARC may junk or reject this mail. Sign with ${from} (or a subdomain of it), or send from an address at ${signer}.`;
}

/**
 * The `dkim` command of both services' CLIs (`pnpm comments dkim`, `pnpm newsletter dkim`): makes an RSA key pair
 * with node:crypto, writes the private key (mode 0600, never over an existing file) and prints the DNS TXT record
 * to publish. Domain, selector and file come from the options, else from DKIM_DOMAIN (else MAIL_FROM's domain),
 * DKIM_SELECTOR (else `parlor`) and DKIM_KEY_FILE.
 *
 *   dkim: dkimCommand(runtime, "NEWSLETTER")
 */
export function dkimCommand(runtime: { root: string; config: MailConfig }, prefix: string): CliCommand {
  return {
    summary: "make a DKIM key: write the private key file (mode 0600) and print the DNS record to publish",
    usage:
      "dkim [--domain <domain>] [--selector <name>] [--out <file>]\n\n" +
      `defaults: ${prefix}_DKIM_DOMAIN or DKIM_DOMAIN (else MAIL_FROM's domain), DKIM_SELECTOR (else parlor), DKIM_KEY_FILE\n` +
      "an existing file is never overwritten",
    options: { domain: { type: "string" }, selector: { type: "string" }, out: { type: "string", short: "o" } },
    async run(_args, flags) {
      const { config } = runtime;
      const fromDomain = parseMailbox(config.MAIL_FROM).address.split("@").pop() ?? "";
      const domain = String(flags.domain ?? config.DKIM_DOMAIN ?? fromDomain).toLowerCase();
      const selector = String(flags.selector ?? config.DKIM_SELECTOR ?? "parlor");
      if (!/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i.test(domain)) {
        throw new CliError(`"${domain}" is not a domain to sign for: give --domain blog.example.com`);
      }
      if (!/^[a-z0-9](?:[a-z0-9._-]{0,62})$/i.test(selector)) {
        throw new CliError(`"${selector}" is not a selector: letters, digits, dots, - and _`);
      }
      const file =
        typeof flags.out === "string"
          ? operatorPath(flags.out)
          : config.DKIM_KEY_FILE
            ? resolvePath(runtime.root, config.DKIM_KEY_FILE)
            : null;
      if (!file) throw new CliError(`name the key file: --out <file>, or set ${prefix}_DKIM_KEY_FILE`);
      const key = makeDkimKey();
      try {
        writeFileSync(file, key.privateKeyPem, { mode: 0o600, flag: "wx" }); // wx: fails if it exists
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === "EEXIST") throw new CliError(`${file} exists: not overwritten (a key in use must not change)`);
        throw new CliError(`cannot write ${file}: ${(err as Error).message}`);
      }
      const record = dkimRecord(domain, selector, key.publicKeyBase64);
      const problem = dkimAlignmentProblem(config.MAIL_FROM, domain);
      console.log(
        [
          `wrote the private key to ${file} (mode 0600: readable only by you; the services' user must read it)`,
          "",
          "publish this DNS record (TXT), then set in both services:",
          `  DKIM_DOMAIN=${domain} DKIM_SELECTOR=${selector} DKIM_KEY_FILE=${file}`,
          "",
          `name:  ${record.name}`,
          `value: ${record.value}`,
          "",
          "as a zone file line (the value cut into strings of at most 255 characters):",
          `${record.name}. 3600 IN TXT ( ${record.strings.map((s) => `"${s}"`).join(" ")} )`,
          "",
          "SPF and DMARC, and how to check the record: docs/mail.md",
          ...(problem ? ["", `warning: ${problem}`] : []),
        ].join("\n"),
      );
    },
  };
}
