import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { StringDecoder } from "node:string_decoder";
import { createGunzip } from "node:zlib";

/**
 * A file as UTF-8 text chunks, without loading it whole: multibyte characters split across chunks are joined,
 * and a leading byte-order mark is dropped. A gzipped file (Remark42 writes its backups so) is unpacked on the
 * way. `progress` gets the bytes read from disk so far.
 */
export async function* readTextChunks(path: string, progress: (bytes: number) => void): AsyncGenerator<string> {
  const decoder = new StringDecoder("utf8");
  let first = true;
  const file = createReadStream(path, { highWaterMark: 256 * 1024 });
  const source = (await isGzip(path)) ? file.pipe(createGunzip()) : file;
  for await (const buf of source) {
    let text = decoder.write(buf as Buffer);
    if (first && text.length > 0) {
      text = text.replace(/^\uFEFF/, "");
      first = false;
    }
    progress(file.bytesRead);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/** The file's lines with their 1-based numbers (\n or \r\n), streamed. */
export async function* readLines(
  path: string,
  progress: (bytes: number) => void,
): AsyncGenerator<{ line: string; n: number }> {
  let carry = "";
  let n = 0;
  for await (const chunk of readTextChunks(path, progress)) {
    const parts = (carry + chunk).split("\n");
    carry = parts.pop() ?? "";
    for (const part of parts) yield { line: part.replace(/\r$/, ""), n: ++n };
  }
  if (carry) yield { line: carry.replace(/\r$/, ""), n: ++n };
}

async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, "r");
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}
