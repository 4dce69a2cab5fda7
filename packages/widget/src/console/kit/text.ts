/** "1 comment", "2 comments". */
export function plural(n: number, one: string, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

/** A stored ISO time as the moderator's locale writes it; anything unparsable as it came. */
export function when(iso: string | null | undefined, style: "short" | "day" = "short") {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return style === "day"
    ? d.toLocaleDateString(undefined, { dateStyle: "medium" })
    : d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** A `<time>` element for an ISO time. */
export function timeEl(iso: string, style: "short" | "day" = "short") {
  const t = document.createElement("time");
  t.dateTime = iso;
  t.textContent = when(iso, style);
  return t;
}
