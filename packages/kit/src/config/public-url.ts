/**
 * Links in real email must not send readers over plain http: in production, with SMTP configured, PUBLIC_URL
 * must be https:// unless it is a loopback address (local testing). Returns the problem, or null.
 */
export function publicUrlProblem(
  prefix: string,
  publicUrl: string | undefined,
  nodeEnv: string | undefined,
  smtpUrl: string | undefined,
): string | null {
  if (nodeEnv !== "production" || !smtpUrl) return null;
  const name = `${prefix}_PUBLIC_URL (or PUBLIC_URL)`;
  if (!publicUrl) return `${name}: must be set to an https:// origin in production`;
  const u = new URL(publicUrl);
  const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(u.hostname) || u.hostname.startsWith("127.");
  return u.protocol === "https:" || loopback ? null : `${name}: must be https:// in production`;
}
