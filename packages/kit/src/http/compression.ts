import { brotliCompressSync, gzipSync, constants as zlib } from "node:zlib";

export type ContentCoding = "br" | "gzip";

/** brotli when the client takes it, else gzip, else none; `;q=0` refuses a coding (RFC 9110 §12.5.3). */
export function preferredEncoding(acceptEncoding: string | undefined): ContentCoding | null {
  const accepted = new Set<string>();
  for (const part of (acceptEncoding ?? "").toLowerCase().split(",")) {
    const [coding, ...params] = part.split(";").map((s) => s.trim());
    const q = params.find((p) => p.startsWith("q="));
    if (coding && !(q && Number(q.slice(2)) === 0)) accepted.add(coding);
  }
  return accepted.has("br") ? "br" : accepted.has("gzip") ? "gzip" : null;
}

/**
 * `bytes` compressed with `coding`. `quality` is brotli's (0–11; 11 for files built once, 5 for answers made
 * per version of their data: about gzip's best size at a fraction of its time).
 */
export function compress(bytes: Uint8Array, coding: ContentCoding, quality = 5): Uint8Array<ArrayBuffer> {
  const out =
    coding === "br"
      ? brotliCompressSync(bytes, {
          params: {
            [zlib.BROTLI_PARAM_QUALITY]: quality,
            [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
            [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.length,
          },
        })
      : gzipSync(bytes, { level: 6 });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength) as Uint8Array<ArrayBuffer>;
}

/** A cached answer and its compressed forms, each made the first time a client asks for it and kept with it. */
export interface CompressibleBody {
  body: Uint8Array<ArrayBuffer>;
  br?: Uint8Array<ArrayBuffer>;
  gzip?: Uint8Array<ArrayBuffer>;
}

/**
 * The bytes to send for a cached answer: compressed when the client takes it and the answer is at least
 * `minBytes` (smaller ones gain less than the header costs), compressed once per cached answer.
 *
 *   const { bytes, encoding } = encodedBody(page, c.req.header("accept-encoding"));
 *   c.header("Vary", "Accept-Encoding");
 *   if (encoding) c.header("Content-Encoding", encoding);
 */
export function encodedBody(
  cached: CompressibleBody,
  acceptEncoding: string | undefined,
  minBytes = 1024,
): { bytes: Uint8Array<ArrayBuffer>; encoding: ContentCoding | null } {
  const encoding = cached.body.byteLength >= minBytes ? preferredEncoding(acceptEncoding) : null;
  if (!encoding) return { bytes: cached.body, encoding: null };
  cached[encoding] ??= compress(cached.body, encoding);
  return { bytes: cached[encoding], encoding };
}
