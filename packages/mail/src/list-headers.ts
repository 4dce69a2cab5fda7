/**
 * RFC 3834 §5: a message an automatic process sent, not in reply to another message. Vacation responders and
 * other auto-replies stay quiet. For notifications (a held comment, a confirmation link), never for list mail.
 *
 *   return { to, subject, text, html, headers: { ...AUTO_GENERATED } };
 */
export const AUTO_GENERATED = { "Auto-Submitted": "auto-generated" } as const;

/**
 * RFC 2919 List-Id for list mail: `"Name" <label.host>`, where host is the public site's host name (a list's id
 * stays the same while its name changes). A site reached by IP address or a one-label name has no domain to
 * name it by: RFC 2919 §3 reserves `localhost` for that. The name is left out unless it is plain ASCII text
 * (an encoded word may not stand inside a quoted string).
 *
 *   listId("newsletter", "Health tips", "https://blog.example/…") // "\"Health tips\" <newsletter.blog.example>"
 */
export function listId(label: string, name: string, siteUrl: string): string {
  const host = new URL(siteUrl).hostname.toLowerCase();
  const isDomain = host.includes(".") && !host.startsWith("[") && !/^[\d.]+$/.test(host);
  const id = `<${label}.${isDomain ? host : "localhost"}>`;
  const phrase = name.replace(/["\\]/g, "").replace(/\s+/g, " ").trim();
  return /^[\x20-\x7e]+$/.test(phrase) ? `"${phrase}" ${id}` : id;
}
