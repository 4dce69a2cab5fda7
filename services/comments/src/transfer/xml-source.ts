import { Parser } from "htmlparser2";
import { ImportFileError } from "./import.types.ts";
import { readTextChunks } from "./text-source.ts";

/** One element with its text (CDATA included) and child elements; names keep their prefix (`wp:comment`). */
export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: XmlNode[];
  line: number;
}

/** What the lenient reading recovered from, with where: reported, never silently mended. */
export interface XmlWarning {
  at: string;
  message: string;
}

/** The first child called `name`, its trimmed text, or "" when absent. */
export function childText(node: XmlNode, name: string): string {
  return node.children.find((c) => c.name === name)?.text.trim() ?? "";
}

export function child(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name);
}

// XML 1.0 §2.2: no C0 control characters but tab, newline and carriage return (Disqus exports carry some).
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** Line and column of a character offset, counted forward only (events arrive in file order), so O(file) in all. */
class Positions {
  private text = ""; // the file's text from `base` on
  private base = 0;
  private cursor = 0; // how far into `text` lines are counted
  private line = 1; // the line at `cursor`
  private lineStart = 0; // the file offset where that line starts

  append(chunk: string) {
    // Drop what is counted already; events never point back before the cursor.
    this.text = this.text.slice(this.cursor) + chunk;
    this.base += this.cursor;
    this.cursor = 0;
  }

  /** Moves forward to `offset` (never back) and says where that is. */
  at(offset: number): { line: number; column: number } {
    const upTo = Math.min(Math.max(offset - this.base, this.cursor), this.text.length);
    let i = this.text.indexOf("\n", this.cursor);
    while (i !== -1 && i < upTo) {
      this.line++;
      this.lineStart = this.base + i + 1;
      i = this.text.indexOf("\n", i + 1);
    }
    this.cursor = upTo;
    return { line: this.line, column: Math.max(offset, this.lineStart) - this.lineStart + 1 };
  }

  label(offset: number): string {
    const p = this.at(offset);
    return `line ${p.line}, column ${p.column}`;
  }
}

interface Open {
  node: XmlNode | null; // null: outside the wanted elements, not kept
  start: number;
  line: number;
  column: number;
  closed: boolean;
}

/** A kind of malformation met: where first, and how often. */
class Tally {
  private seen = new Map<string, { at: string; count: number }>();
  add(kind: string, at: () => string) {
    const s = this.seen.get(kind);
    if (s) s.count++;
    else this.seen.set(kind, { at: at(), count: 1 });
  }
  report(into: XmlWarning[]) {
    for (const [kind, { at, count }] of this.seen) {
      into.push({ at, message: count > 1 ? `${kind} (${count} times; this is the first)` : kind });
    }
  }
}

/**
 * Streams an XML file and yields each element that `wanted(name, depth)` picks, whole, once it closes; nothing
 * outside such elements is kept, so memory follows the largest record, not the file. The reading is htmlparser2's
 * lenient XML mode: it reads on past the known malformations of real exports (a stray character before the root,
 * an unquoted attribute, a bare "&", control characters), and each kind is reported as a warning with the line and
 * column where it first occurs. What it cannot tell the meaning of stops the import with an ImportFileError naming
 * the line and column: an element closed by its parent's end tag (`<message>a</msg></post>`), a file that ends
 * inside an element, a root element other than `root`.
 */
export async function* xmlElements(
  path: string,
  root: string,
  wanted: (name: string, depth: number) => boolean,
  progress: (bytes: number) => void,
  warnings: XmlWarning[],
): AsyncGenerator<XmlNode> {
  const positions = new Positions();
  const tally = new Tally();
  const done: XmlNode[] = [];
  const stack: Open[] = [];
  const kept: XmlNode[] = []; // the open elements inside a wanted one
  let unquoted = new Set<string>();
  let sawRoot = false;
  let ending = false;
  let written = 0;
  let failure: ImportFileError | null = null;
  const here = () => positions.label(parser.startIndex);
  let emptyClosed = 0; // elements on the stack closed already (see onopentag)
  const depthOf = () => stack.length - emptyClosed;

  const parser: Parser = new Parser(
    {
      onopentagname() {
        unquoted = new Set();
      },
      onattribute(name, _value, quote) {
        if (quote === null && !failure) {
          unquoted.add(name);
          tally.add("an attribute value without quotes (read up to the next space or >)", here);
        }
      },
      onopentag(name, attribs) {
        if (failure) return;
        const depth = depthOf() + 1;
        const where = positions.at(parser.startIndex);
        if (depth === 1 && !sawRoot) {
          sawRoot = true;
          if (name !== root) {
            failure = new ImportFileError(
              `line ${where.line}, column ${where.column}`,
              `the root element is <${name}>, not <${root}>: is this the right --format?`,
            );
            return;
          }
        }
        const attrs: Record<string, string> = {};
        let emptyElement = false;
        for (const [k, v] of Object.entries(attribs)) {
          // `<thread dsq:id=123/>`: the unquoted value swallowed the "/" that makes the tag an empty element.
          if (unquoted.has(k) && v.endsWith("/")) {
            attrs[k] = v.slice(0, -1);
            emptyElement = true;
          } else attrs[k] = v;
        }
        const keep = kept.length > 0 || wanted(name, depth);
        const node: XmlNode | null = keep ? { name, attrs, text: "", children: [], line: where.line } : null;
        if (node) {
          kept.at(-1)?.children.push(node);
          kept.push(node);
        }
        const open: Open = { node, start: parser.startIndex, line: where.line, column: where.column, closed: false };
        stack.push(open);
        if (emptyElement) {
          close(open);
          emptyClosed++;
        }
      },
      onclosetag(name, isImplied) {
        if (failure) return;
        const open = stack.pop();
        if (!open) return;
        if (open.closed) {
          emptyClosed--; // closed already: an empty element whose "/" an unquoted value took
          return;
        }
        if (ending) {
          failure = new ImportFileError(
            positions.label(written),
            `malformed XML: the file ends inside <${name}> (opened on line ${open.line}): is it complete?`,
          );
          return;
        }
        // htmlparser2 reports an empty-element tag `<x/>` as an implied close at the tag's own start.
        if (isImplied && parser.startIndex !== open.start) {
          const next = positions.at(parser.startIndex);
          failure = new ImportFileError(
            `line ${open.line}, column ${open.column}`,
            `malformed XML: <${name}> is not closed (its end tag is missing or misspelt; an end tag on line ${next.line}, column ${next.column} closes its parent first)`,
          );
          return;
        }
        close(open);
      },
      ontext(text) {
        if (failure) return;
        if (stack.length === 0) {
          if (text.trim() !== "")
            tally.add(`text outside the root element ignored ("${text.trim().slice(0, 20)}")`, here);
          return;
        }
        const top = kept.at(-1);
        if (!top || stack.at(-1)?.node !== top) return;
        top.text += text.replace(CONTROL, () => {
          tally.add("a control character, not allowed in XML, removed", here);
          return "";
        });
      },
    },
    { xmlMode: true },
  );

  function close(open: Open) {
    open.closed = true;
    if (!open.node) return;
    kept.pop();
    if (kept.length === 0) done.push(open.node);
  }

  for await (const chunk of readTextChunks(path, progress)) {
    written += chunk.length;
    positions.append(chunk);
    parser.write(chunk);
    if (failure) throw failure;
    yield* done.splice(0);
  }
  ending = true;
  parser.end();
  if (!sawRoot && !failure) {
    failure = new ImportFileError("line 1, column 1", `no <${root}> element: is this the right --format?`);
  }
  if (failure) throw failure;
  tally.report(warnings);
  yield* done.splice(0);
}
