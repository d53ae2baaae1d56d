import "server-only";
import { Readable, pipeline } from "node:stream";
import { createGunzip } from "node:zlib";

const SNIFF_BYTES = 2;

/**
 * Bytes as stored → UTF-8 bytes. Rotated audit logs are often gzipped (`--audit-log-compress`) and
 * Windows PowerShell's `>` writes UTF-16LE, so both are recognised by their first bytes rather than by
 * a file name, which an upload or a pipe may not have.
 */
export async function* decodeStream(source: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  const it = source[Symbol.asyncIterator]();
  // A source may hand over a 1-byte first chunk; gather enough to see the magic number.
  const head: Buffer[] = [];
  let headLength = 0;
  let ended = false;
  while (headLength < SNIFF_BYTES) {
    const next = await it.next();
    if (next.done) {
      ended = true;
      break;
    }
    const chunk = toBuffer(next.value);
    head.push(chunk);
    headLength += chunk.length;
  }
  const first = head.length === 1 ? head[0]! : Buffer.concat(head);
  const input = rest(first, it, ended);

  if (first[0] === 0x1f && first[1] === 0x8b) yield* gunzip(input);
  else if (first[0] === 0xff && first[1] === 0xfe) yield* utf16le(input);
  else yield* input;
}

async function* rest(first: Buffer, it: AsyncIterator<Uint8Array>, ended: boolean): AsyncGenerator<Buffer> {
  let done = ended;
  try {
    if (first.length > 0) yield first;
    while (!done) {
      const next = await it.next();
      if (next.done) done = true;
      else yield toBuffer(next.value);
    }
  } finally {
    // The consumer stopped early (or failed): let the source close its file or socket.
    if (!done) await it.return?.();
  }
}

async function* gunzip(input: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const zlib = createGunzip({ chunkSize: 64 * 1024 });
  // pipeline() tears the source down when zlib fails and destroys zlib with the source's error, so
  // iterating zlib below either ends or throws; it cannot hang. A premature close (our consumer
  // stopping early) needs no report.
  pipeline(Readable.from(input), zlib, () => {});
  try {
    for await (const chunk of zlib) yield chunk as Buffer;
  } catch (err) {
    throw isZlibError(err) ? new Error(`corrupt gzip data: ${err.message}`, { cause: err }) : err;
  }
}

async function* utf16le(input: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const decoder = new TextDecoder("utf-16le");
  for await (const chunk of input) {
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield Buffer.from(text, "utf8");
  }
  const tail = decoder.decode();
  if (tail) yield Buffer.from(tail, "utf8");
}

function isZlibError(err: unknown): err is Error {
  const code: unknown = err instanceof Error ? (err as NodeJS.ErrnoException).code : undefined;
  return typeof code === "string" && code.startsWith("Z_");
}

function toBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}
