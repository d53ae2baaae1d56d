import { brotliCompressSync, brotliDecompressSync, constants, inflateRawSync } from "node:zlib";

/**
 * Part of the ingest batch contract (ingest-target.ts): a batch carries its raw events as compressed
 * blocks, packed by the parse worker so that compressing stays off the writer's thread, and a backend
 * stores the blocks as they are or decodes them. The format below is also the SQLite store's on disk,
 * so it cannot change without a migration.
 *
 * How the original events are kept: concatenated in input order into blocks of ~2 MiB, each compressed
 * alone with Brotli at quality 3 and a 4 MiB window (one that holds the whole block; larger ones only
 * cost time). On the bench's audit JSON that is ~7.2% of the size, at the speed 1 MiB blocks compressed
 * to ~7.6% (~230 MB/s on one core, against ~100 MB/s for quality 4 at ~6.0%): compressing is a large
 * share of the parse worker's work. With 2 MiB blocks the bench's store went from 30.0% to 29.3% of its
 * log (budget 30%), and neither one request's events nor an object's history read slower (on one store
 * each, same host: history p50 23.6 ms against 31.1). Blocks written before hold ~1 MiB (256 KiB before
 * that, deflate-raw 64 KiB before brotli; `codec` says which); readers take any size. Blocks this size
 * compress to well over one 16 KiB page, so SQLite stores them in full overflow pages instead of
 * half-empty leaves.
 */
export const BLOCK_CODEC = { deflateRaw: 0, brotli: 1 } as const;
export type BlockCodec = (typeof BLOCK_CODEC)[keyof typeof BLOCK_CODEC];

/** Uncompressed size at which a block is sealed. */
export const BLOCK_BYTES = 2 * 1024 * 1024;

const BROTLI_PARAMS = { [constants.BROTLI_PARAM_QUALITY]: 3, [constants.BROTLI_PARAM_LGWIN]: 22 };

export function compressBlock(data: Uint8Array): Buffer {
  return brotliCompressSync(data, { params: { ...BROTLI_PARAMS, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } });
}

export function decompressBlock(codec: number, data: Buffer): Buffer {
  return codec === BLOCK_CODEC.brotli ? brotliDecompressSync(data) : inflateRawSync(data);
}

/**
 * At least the first `bytes` bytes of a block (all of it when it is shorter). An event half-way into a
 * block needs only the compressed bytes before its end: Brotli given a prefix of its input, and told to
 * flush rather than finish, hands back everything that prefix decodes to. The prefix is guessed from the
 * share of the block wanted, with a margin (the start of a block compresses worse than its end: with
 * 1.6 times the share, none of the bench's busiest object's events needed a second try, and ~1.3 times
 * the bytes asked were inflated, against ~2 for whole blocks), and doubled until it is enough (an older
 * store's smaller blocks are guessed at a smaller share: a 1 MiB one costs a doubling more at most,
 * a 256 KiB one three). One output
 * chunk of a block's size, rather than zlib's 16 KiB ones joined at the end, halves the time again.
 * An object's history reads one event from each of many blocks. deflate-raw blocks (64 KiB, from older
 * stores) are inflated whole.
 */
export function decompressBlockPrefix(codec: number, data: Buffer, bytes: number): Buffer {
  if (codec !== BLOCK_CODEC.brotli) return decompressBlock(codec, data);
  const chunkSize = BLOCK_BYTES;
  let take = Math.ceil(data.length * Math.min(1, (bytes / BLOCK_BYTES) * 1.6)) + 4096;
  while (take < data.length) {
    const out = brotliDecompressSync(data.subarray(0, take), { finishFlush: constants.BROTLI_OPERATION_FLUSH, chunkSize });
    if (out.length >= bytes) return out;
    take *= 2;
  }
  return brotliDecompressSync(data, { chunkSize });
}

/**
 * A block compressed before it reached the writer (by the parse worker); stored once, when first used.
 * `id` is the store's handle once it holds the block, so that events of later batches pointing into the
 * same block do not store it again.
 */
export type PackedBlock = { data: Buffer; id: number | null };

/** Where one event's bytes are inside a packed block. */
export type PackedRaw = { block: PackedBlock; offset: number; length: number };

/**
 * Packs events' raw texts, in order, into compressed blocks. Each text is encoded straight into one
 * staging block that is compressed when full and then reused, so packing copies no event's bytes
 * twice; `add` hands back the encoded bytes, for a caller that hashes them.
 */
export class BlockPacker {
  private staging = Buffer.allocUnsafeSlow(BLOCK_BYTES);
  private size = 0;
  private blocks: Buffer[] = [];

  /** Appends the text's UTF-8 bytes; `bytes` is a view of them that the next add or take overwrites. */
  add(text: string): { block: number; offset: number; bytes: Buffer } {
    // A UTF-16 unit is at most 3 bytes of UTF-8: when that fits, the text needs no measuring first.
    if (text.length * 3 > this.staging.length - this.size) {
      const length = Buffer.byteLength(text, "utf8");
      if (this.size > 0 && this.size + length > BLOCK_BYTES) this.seal();
      // An event larger than a block gets a block of its own.
      if (length > this.staging.length - this.size) this.staging = Buffer.allocUnsafeSlow(length);
    }
    const offset = this.size;
    const length = this.staging.write(text, offset, "utf8");
    this.size += length;
    return { block: this.blocks.length, offset, bytes: this.staging.subarray(offset, offset + length) };
  }

  /** The blocks packed since the last take, the last one sealed however full it is. */
  take(): Buffer[] {
    if (this.size > 0) this.seal();
    const blocks = this.blocks;
    this.blocks = [];
    return blocks;
  }

  private seal(): void {
    this.blocks.push(compressBlock(this.staging.subarray(0, this.size)));
    this.size = 0;
    if (this.staging.length !== BLOCK_BYTES) this.staging = Buffer.allocUnsafeSlow(BLOCK_BYTES);
  }
}
