const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses "500ms", "30s", "15m", "1h", "7d" (or a bare number of milliseconds) into milliseconds; null if malformed. */
export function parseDuration(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(text);
  if (!m) return null;
  return Math.round(Number(m[1]) * UNITS[m[2] ?? "ms"]);
}

/** Parses a rate such as "10/10m" (10 per 10 minutes) or "0" (off). */
export function parseRate(text: string): { points: number; windowMs: number } | "off" | null {
  if (text.trim() === "0") return "off";
  const m = /^\s*(\d+)\s*\/\s*(\S+)\s*$/.exec(text);
  if (!m) return null;
  const windowMs = parseDuration(/^\d/.test(m[2]) ? m[2] : `1${m[2]}`);
  const points = Number(m[1]);
  return windowMs && points > 0 ? { points, windowMs } : null;
}
