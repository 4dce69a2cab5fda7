import { DateTime, IANAZone } from "luxon";

// A time that names its zone: "…Z", "…+02:00", "…+0200" (ISO 8601, RFC 3339, RFC 2822's "+0000").
const ZONED = /(?:Z|[+-]\d{2}(?::?\d{2})?|\b(?:UTC|GMT))$/i;
// A wall-clock time with no zone: "2024-03-12 10:00:00" (Waline on SQLite), "2024-03-12T10:00:00.5", a bare date.
const ZONE_LESS = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?)?$/;

export type SourceTime = { instant: string } | { zoneLess: true } | { bad: true };

/**
 * The instant a source's time means, as ISO 8601 in UTC. A time with a zone or offset is exact. A zone-less one is
 * read in `zone` (an IANA name the operator gave with --timezone, e.g. "Europe/Berlin"; luxon applies that zone's
 * rules, summer time included); without a zone it is `zoneLess`, never guessed from the importing machine's zone.
 */
export function sourceTime(text: string, zone: string | undefined): SourceTime {
  const s = text.trim();
  if (ZONE_LESS.test(s)) {
    if (!zone) return { zoneLess: true };
    const t = DateTime.fromISO(s.replace(" ", "T").replace(",", "."), { zone });
    return t.isValid ? { instant: t.toUTC().toISO() as string } : { bad: true };
  }
  if (!ZONED.test(s)) return { bad: true };
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? { bad: true } : { instant: new Date(ms).toISOString() };
}

export function isZoneName(name: string): boolean {
  return IANAZone.isValidZone(name);
}
