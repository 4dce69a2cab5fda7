import pino from "pino";

export type Logger = pino.Logger;

/**
 * JSON lines on stdout (pino). Tokens are redacted by field; addresses are masked in the finished line, whatever
 * field or text carries them (a relay's reply, a provider's payload, an error message or stack), by pino's
 * `streamWrite` hook: one step that every line passes, so no caller has to remember it.
 */
export function createLogger(options: { name: string; level?: string; destination?: pino.DestinationStream }): Logger {
  const logger = pino(
    {
      name: options.name,
      level: options.level ?? "info",
      base: { service: options.name },
      redact: { paths: ["token", "*.token", "authorization", "*.authorization", "editToken"], censor: "[redacted]" },
      hooks: { streamWrite: maskLogLine },
    },
    options.destination,
  );
  plainLoggers.add(logger);
  return logger;
}

// Loggers made by createLogger: no formatters, mixin or nested key, so a line can be written as pino would write it.
const plainLoggers = new WeakSet<Logger>();
const { lsCacheSym, timeSym, chindingsSym, streamSym, endSym, needsMetadataGsym, hooksSym, messageKeySym } =
  pino.symbols;

/**
 * The request log's line, written without pino's per-call work (walking and redacting the object, then serializing
 * it): the same JSON pino's `logger.info({ reqId, method, path, status, ms }, "request")` writes, its level, time and
 * bindings taken from the logger, the address mask applied, to the same stream. A logger createLogger did not make
 * (or one whose stream wants pino's metadata) goes through `logger.info` instead. Nothing is written below info.
 *
 * `fields`, when given, follow `ms` in the same line: what the request did that an operator needs (a new comment's
 * id, status and reason), so a write is one line, not a request line and an event line. They are written as they
 * are; a field pino would redact (`token`, `authorization`, `editToken`, and `token` or `authorization` one level
 * down) sends the line through `logger.info`, which redacts it.
 *
 *   const line = requestLine(logger);
 *   line("lq3k-1", "GET", "/v1/comments", 200, 0.4);
 */
export function requestLine(logger: Logger) {
  // biome-ignore lint/suspicious/noExplicitAny: pino's own symbols (pino.symbols), not in its types
  const l = logger as any;
  const info = logger.levels.values.info;
  const plain = plainLoggers.has(logger) && l[messageKeySym] === "msg" && l[streamSym]?.[needsMetadataGsym] !== true;
  return (reqId: string, method: string, path: string, status: number, ms: number, fields?: LineFields) => {
    if (logger.levelVal > info) return;
    if (!plain || (fields && redacted(fields))) {
      logger.info({ reqId, method, path, status, ms, ...fields }, "request");
      return;
    }
    const json = fields ? JSON.stringify(fields) : "{}";
    const more = json.length > 2 ? `,${json.slice(1, -1)}` : "";
    const line = `${l[lsCacheSym][info]}${l[timeSym]()}${l[chindingsSym]},"reqId":${JSON.stringify(reqId)},"method":${JSON.stringify(method)},"path":${JSON.stringify(path)},"status":${status},"ms":${ms}${more},"msg":"request"${l[endSym]}`;
    const hook = l[hooksSym]?.streamWrite as ((s: string) => string) | undefined;
    l[streamSym].write(hook ? hook(line) : line);
  };
}

/** More of a request's line (requestLine): plain JSON values, no key of the line's own. */
export type LineFields = Record<string, unknown>;

const REDACTED = new Set(["token", "authorization", "editToken"]);
/** Whether createLogger's redaction would touch `fields` (its paths: token, *.token, authorization,
 * *.authorization, editToken). */
function redacted(fields: LineFields): boolean {
  for (const [key, value] of Object.entries(fields)) {
    if (REDACTED.has(key)) return true;
    if (typeof value === "object" && value !== null && ("token" in value || "authorization" in value)) return true;
  }
  return false;
}

/** "alice@example.com" → "a***@example.com", for log lines. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  return at <= 0 ? "***" : `${email[0]}***${email.slice(at)}`;
}

// An address in running text: a local part (letters and digits of any script, `. _ % + ~ -`: what addresses use;
// not `/ = ? &`, so a URL around one keeps its shape), `@` or its URL encoding, and a domain whose last label starts
// with a letter (so `pino@10.4.0` in a stack trace is left be). `*` is not among them: masked text stays as it is.
const LOCAL = String.raw`[\p{L}\p{N}._%+~-]`;
const LABEL = String.raw`[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?`;
const ADDRESS = new RegExp(
  String.raw`(?<!${LOCAL})(${LOCAL})${LOCAL}*(@|%40)((?:${LABEL}\.)*\p{L}[\p{L}\p{N}-]*)`,
  "gu",
);

/**
 * Masks every address in a text the way maskEmail does (`kim@example.org` → `k***@example.org`), for text that
 * may quote one: "550 5.1.1 <kim@example.org>: user unknown" → "550 5.1.1 <k***@example.org>: user unknown".
 */
export function maskAddresses(text: string): string {
  return text.includes("@") || text.includes("%40") ? text.replace(ADDRESS, "$1***$2$3") : text;
}

/**
 * The streamWrite hook: masks addresses in a finished JSON line. An escape like `\u001b` right before an address
 * would be cut by a text replacement, so such a line is masked value by value instead (rare: control characters).
 */
export function maskLogLine(line: string): string {
  if (!line.includes("@") && !line.includes("%40")) return line;
  if (!line.includes("\\u")) return maskAddresses(line);
  try {
    const masked = JSON.stringify(JSON.parse(line), (_key, value) =>
      typeof value === "string" ? maskAddresses(value) : value,
    );
    return `${masked}\n`;
  } catch {
    return maskAddresses(line);
  }
}
