import type { FlagDetail } from "./types.ts";

/** The flagged words of a comment: each span's text in the Markdown, with its flag (reasons without a span skipped). */
export function flaggedWords(body: string, spans: FlagDetail[]) {
  const words: { flag: string; text: string; nth: number }[] = [];
  for (const { flag, start, end } of spans) {
    if (start === null || end === null || !Number.isInteger(start) || !Number.isInteger(end)) continue;
    if (start < 0 || end <= start || end > body.length) continue;
    const text = body.slice(start, end);
    words.push({ flag, text, nth: occurrencesBefore(body, text, start) });
  }
  return words;
}

/** How many times `word` occurs in `text` before `end` (so the same word elsewhere is not the one marked). */
function occurrencesBefore(text: string, word: string, end: number) {
  let n = 0;
  for (let at = text.indexOf(word); at >= 0 && at < end; at = text.indexOf(word, at + word.length)) n++;
  return n;
}

/**
 * Marks flagged words in the comment as rendered. The spans are offsets into the Markdown, and the HTML's text
 * is the Markdown's without its syntax, so each span's words are found again in the rendered text (the same
 * occurrence of them, counted from the start); overlapping spans become one mark, and a mark may cross element
 * boundaries. Words that rendering changed (inside a link's address, say) stay unmarked; the list beside the
 * flags names every one of them anyway. Returns how many marks were made.
 */
export function highlight(root: HTMLElement, body: string, spans: FlagDetail[], label: (flag: string) => string) {
  const text = textNodes(root)
    .map((n) => n.data)
    .join("");
  const ranges: { start: number; end: number; flags: Set<string> }[] = [];
  for (const word of flaggedWords(body, spans)) {
    let at = -1;
    for (let i = 0, from = 0; i <= word.nth; i++) {
      const found = text.indexOf(word.text, from);
      if (found < 0) break;
      at = found;
      from = found + word.text.length;
    }
    if (at >= 0) ranges.push({ start: at, end: at + word.text.length, flags: new Set([word.flag]) });
  }
  ranges.sort((x, y) => x.start - y.start);
  const merged: typeof ranges = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && r.start <= last.end) {
      last.end = Math.max(last.end, r.end);
      for (const f of r.flags) last.flags.add(f);
    } else merged.push(r);
  }
  for (const r of merged) wrap(textNodes(root), r.start, r.end, `Flagged: ${[...r.flags].map(label).join(", ")}`);
  return merged.length;
}

function textNodes(root: HTMLElement) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
  return nodes;
}

/** Wraps the text between two offsets of the nodes' joined text, one `<mark>` per text node it crosses. */
function wrap(nodes: Text[], start: number, end: number, title: string) {
  const pieces: [Text, number, number][] = [];
  let offset = 0;
  for (const node of nodes) {
    const from = Math.max(start, offset);
    const to = Math.min(end, offset + node.data.length);
    if (from < to) pieces.push([node, from - offset, to - offset]);
    offset += node.data.length;
  }
  for (const [node, from, to] of pieces) {
    const middle = node.splitText(from);
    middle.splitText(to - from);
    const mark = document.createElement("mark");
    mark.title = title;
    middle.replaceWith(mark);
    mark.append(middle);
  }
}
