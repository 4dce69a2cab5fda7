import pino from "pino";

export type Logger = pino.Logger;

/** JSON lines on stdout (pino). Emails and tokens never reach a log line whole. */
export function createLogger(options: { name: string; level?: string; destination?: pino.DestinationStream }): Logger {
  return pino(
    {
      name: options.name,
      level: options.level ?? "info",
      base: { service: options.name },
      redact: { paths: ["token", "*.token", "authorization", "*.authorization", "editToken"], censor: "[redacted]" },
    },
    options.destination,
  );
}

/** "alice@example.com" → "a***@example.com", for log lines. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  return at <= 0 ? "***" : `${email[0]}***${email.slice(at)}`;
}
