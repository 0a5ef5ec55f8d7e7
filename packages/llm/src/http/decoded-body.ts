import { pipeline, type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { headerValue, type ResponseHeaders } from '../errors/response-headers.js';

/** The decoders for the `content-encoding`s a server may send although we ask for `identity`. */
const DECODERS: Readonly<Record<string, () => NodeJS.ReadWriteStream>> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  br: createBrotliDecompress,
  deflate: createInflate,
};

/**
 * A response body as plain bytes: decoded when the server compressed it (gzip, br, deflate) despite
 * `accept-encoding: identity`, the body itself otherwise. Destroying the result destroys the source (pipeline).
 */
export function decodedBody(body: Readable, headers: ResponseHeaders): Readable {
  const encoding = headerValue(headers, 'content-encoding')?.trim().toLowerCase();
  const decoder = encoding === undefined ? undefined : DECODERS[encoding];
  if (decoder === undefined) return body;
  // The error reaches whoever reads the decoded stream; the callback only keeps pipeline from throwing.
  return pipeline(body, decoder(), () => {}) as unknown as Readable;
}

/** Reads a body to its end, or its first `maxBytes` bytes (then destroys it), as UTF-8 text. */
export async function readText(body: Readable, maxBytes = Number.POSITIVE_INFINITY): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    chunks.push(bytes);
    size += bytes.length;
    if (size >= maxBytes) break;
  }
  body.destroy();
  const text = Buffer.concat(chunks);
  return (size > maxBytes ? text.subarray(0, maxBytes) : text).toString('utf8');
}
