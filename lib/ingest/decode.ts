import "server-only";
import { createGunzip } from "node:zlib";

/** The BOM and the first 8 UTF-16 code units after it: enough to tell UTF-16 text from stray bytes. */
const SNIFF_BYTES = 18;

/**
 * Bytes as stored → UTF-8 bytes. Rotated audit logs are often gzipped (`--audit-log-compress`) and
 * Windows PowerShell's `>` writes UTF-16LE, so both are recognised by their first bytes rather than by
 * a file name, which an upload or a pipe may not have.
 */
export async function* decodeStream(source: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  const it = source[Symbol.asyncIterator]();
  // A source may hand over a 1-byte first chunk; gather enough to see the magic number, and more only
  // after a UTF-16 BOM (a followed log's first short line must not wait for more).
  const head: Buffer[] = [];
  let headLength = 0;
  let ended = false;
  const gather = async (bytes: number) => {
    while (!ended && headLength < bytes) {
      const next = await it.next();
      if (next.done) {
        ended = true;
        break;
      }
      const chunk = toBuffer(next.value);
      head.push(chunk);
      headLength += chunk.length;
    }
  };
  await gather(2);
  if (head[0]?.[0] === 0xff && (head[0].length > 1 ? head[0][1] : head[1]?.[0]) === 0xfe) await gather(SNIFF_BYTES);
  const first = head.length === 1 ? head[0]! : Buffer.concat(head);
  const input = rest(first, it, ended);

  if (first[0] === 0x1f && first[1] === 0x8b) yield* gunzip(input);
  else if (isUtf16le(first)) yield* utf16le(input);
  else yield* input;
}

/**
 * A UTF-16LE BOM followed by UTF-16LE text. FF FE alone is not enough: a UTF-8 (or binary) file may start
 * with those bytes, and read as UTF-16 every event in it turned to noise. Audit logs are JSON, whose
 * first characters are ASCII: in UTF-16LE each is its byte and a zero.
 */
function isUtf16le(head: Buffer): boolean {
  if (head[0] !== 0xff || head[1] !== 0xfe) return false;
  const units = Math.floor((Math.min(head.length, SNIFF_BYTES) - 2) / 2);
  if (units === 0) return false;
  for (let i = 0; i < units; i++) {
    const low = head[2 + 2 * i]!;
    const high = head[3 + 2 * i]!;
    if (high !== 0 || low === 0 || low > 0x7e) return false;
  }
  return true;
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

/**
 * Input is handed to zlib in pieces of at most this size, and each piece's output taken before the next
 * goes in: that bounds what one piece can inflate to (~1000× for deflate) while nothing is buffered.
 */
const GUNZIP_PIECE_BYTES = 16 * 1024;

/**
 * Gunzips `input`. Written by hand around the zlib stream rather than piped through it: zlib destroys
 * itself on a corrupt or truncated stream, and a destroyed stream drops the output it still buffers, so
 * the events just before the break were lost (a 2 000-event file cut short kept none of them). Here
 * every piece of output is taken as zlib emits it, then the break is thrown.
 */
async function* gunzip(input: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const zlib = createGunzip({ chunkSize: 64 * 1024 });
  const output: Buffer[] = [];
  let failure: Error | null = null;
  zlib.on("data", (chunk: Buffer) => output.push(chunk));
  zlib.on("error", (err) => (failure ??= err));
  // Settles on end, or on close after an error: a destroyed zlib may never call back a pending write.
  const closed = new Promise<void>((resolve) => {
    zlib.once("end", resolve);
    zlib.once("close", resolve);
  });
  const write = (piece: Buffer) => Promise.race([new Promise<void>((resolve) => zlib.write(piece, () => resolve())), closed]);
  const drain = function* (): Generator<Buffer> {
    while (output.length > 0) yield output.shift()!;
    if (failure) throw describeGzipFailure(failure);
  };
  try {
    for await (const chunk of input) {
      for (let at = 0; at < chunk.length; at += GUNZIP_PIECE_BYTES) {
        await write(chunk.subarray(at, at + GUNZIP_PIECE_BYTES));
        yield* drain();
      }
    }
    zlib.end();
    await closed;
    yield* drain();
  } finally {
    zlib.destroy();
  }
}

function describeGzipFailure(err: Error): Error {
  if (!isZlibError(err)) return err;
  const truncated = (err as NodeJS.ErrnoException).code === "Z_BUF_ERROR";
  return new Error(truncated ? "truncated gzip data: the file ends before its gzip stream does" : `corrupt gzip data: ${err.message}`, { cause: err });
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
