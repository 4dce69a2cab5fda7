import { SaxesParser } from "saxes";
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

/** The first child called `name`, its trimmed text, or "" when absent. */
export function childText(node: XmlNode, name: string): string {
  return node.children.find((c) => c.name === name)?.text.trim() ?? "";
}

export function child(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name);
}

/**
 * Streams an XML file and yields each element that `wanted(name, depth)` picks, whole, once it closes; nothing
 * outside such elements is kept, so memory follows the largest record, not the file. Malformed XML throws an
 * ImportFileError naming the line and column.
 */
export async function* xmlElements(
  path: string,
  wanted: (name: string, depth: number) => boolean,
  progress: (bytes: number) => void,
): AsyncGenerator<XmlNode> {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const done: XmlNode[] = [];
  const stack: XmlNode[] = []; // open elements inside a wanted one
  let depth = 0;
  let failure: Error | null = null;
  parser.on("opentag", (tag) => {
    depth++;
    if (stack.length > 0 || wanted(tag.name, depth)) {
      const node: XmlNode = {
        name: tag.name,
        attrs: Object.fromEntries(Object.entries(tag.attributes).map(([k, v]) => [k, String(v)])),
        text: "",
        children: [],
        line: parser.line,
      };
      stack.at(-1)?.children.push(node);
      stack.push(node);
    }
  });
  parser.on("closetag", () => {
    depth--;
    const node = stack.pop();
    if (node && stack.length === 0) done.push(node);
  });
  const onText = (t: string) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  };
  parser.on("text", onText);
  parser.on("cdata", onText);
  parser.on("error", (e) => {
    failure ??= e;
  });
  const fail = () => {
    const message = (failure as Error).message;
    const m = /^(?:[^:]*:)?(\d+):(\d+): (.*)$/s.exec(message);
    return m
      ? new ImportFileError(`line ${m[1]}, column ${m[2]}`, `malformed XML: ${m[3]}`)
      : new ImportFileError("XML", message);
  };
  for await (const chunk of readTextChunks(path, progress)) {
    parser.write(chunk);
    if (failure) throw fail();
    yield* done.splice(0);
  }
  parser.close();
  if (failure) throw fail();
  yield* done.splice(0);
}
