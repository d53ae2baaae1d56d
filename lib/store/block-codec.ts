import { promisify } from "node:util";
import { brotliCompress, brotliCompressSync, brotliDecompressSync, constants, inflateRawSync } from "node:zlib";

/**
 * How the original events are kept: concatenated in input order into blocks of ~1 MiB, each compressed
 * alone with Brotli at quality 4 and a 2 MiB window (one that holds the whole block; larger ones only
 * cost time). On audit JSON that reaches ~6.6% of the size, against ~9.3% for the 256 KiB blocks at
 * quality 3 used before, for ~6% more compression time; a block inflates in about a millisecond, which
 * bounds reading one request's events (object history reads one block per version it shows). Blocks this size compress
 * to well over one 16 KiB page, so SQLite stores them in full overflow pages instead of half-empty leaves.
 * Stores written before brotli hold deflate-raw blocks of 64 KiB; `codec` says which a block is.
 */
export const BLOCK_CODEC = { deflateRaw: 0, brotli: 1 } as const;
export type BlockCodec = (typeof BLOCK_CODEC)[keyof typeof BLOCK_CODEC];

/** Uncompressed size at which a block is sealed. */
export const BLOCK_BYTES = 1024 * 1024;

const BROTLI_PARAMS = { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_LGWIN]: 21 };

export function compressBlock(data: Uint8Array): Buffer {
  return brotliCompressSync(data, { params: { ...BROTLI_PARAMS, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } });
}

const brotliCompressInPool = promisify(brotliCompress);

/**
 * compressBlock on libuv's thread pool: the same bytes, while the calling thread goes on. Output comes
 * back to the thread in chunkSize pieces, each a buffer that is garbage once they are joined: one that
 * holds most blocks whole (they compress to ~70 KB) takes one round trip and wastes little.
 */
export function compressBlockInPool(data: Uint8Array): Promise<Buffer> {
  return brotliCompressInPool(data, { chunkSize: 128 * 1024, params: { ...BROTLI_PARAMS, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } });
}

/**
 * How a packer compresses a sealed block: on the calling thread, or handed to the thread pool, which
 * reads the block's bytes after the call returns. Either calls `release` once it no longer reads them,
 * and the packer then fills that buffer again.
 */
export type BlockSealer<B> = (data: Buffer, release: () => void) => B;

export const SEAL_IN_PLACE: BlockSealer<Buffer> = (data, release) => {
  const compressed = compressBlock(data);
  release();
  return compressed;
};

export const SEAL_IN_POOL: BlockSealer<Promise<Buffer>> = (data, release) => {
  const compressed = compressBlockInPool(data);
  // Released whether or not it worked; a failure is the caller's to see, through `compressed`.
  compressed.then(release, release);
  return compressed;
};

export function decompressBlock(codec: number, data: Buffer): Buffer {
  return codec === BLOCK_CODEC.brotli ? brotliDecompressSync(data) : inflateRawSync(data);
}

/** A block compressed before it reached the writer (by the parse worker); stored once, when first used. */
export type PackedBlock = { data: Buffer; id: number | null };

/** Where one event's bytes are inside a packed block. */
export type PackedRaw = { block: PackedBlock; offset: number; length: number };

/**
 * Packs events' raw texts, in order, into compressed blocks. Each text is encoded straight into one
 * staging block that is compressed when full and then reused, so packing copies no event's bytes
 * twice; `add` hands back the encoded bytes, for a caller that hashes them.
 */
export class BlockPacker<B = Buffer> {
  private staging = Buffer.allocUnsafeSlow(BLOCK_BYTES);
  private size = 0;
  private blocks: B[] = [];
  /** Staging buffers the sealer is done with. */
  private spare: Buffer<ArrayBuffer>[] = [];

  constructor(private readonly sealer: BlockSealer<B>) {}

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
  take(): B[] {
    if (this.size > 0) this.seal();
    const blocks = this.blocks;
    this.blocks = [];
    return blocks;
  }

  private seal(): void {
    const sealed = this.staging;
    let released = false;
    const release = () => {
      if (released || sealed.length !== BLOCK_BYTES) return;
      released = true;
      this.spare.push(sealed);
    };
    this.blocks.push(this.sealer(sealed.subarray(0, this.size), release));
    // Reused rather than one per block (the same one again when compressed in place): a spent 1 MiB
    // buffer outlives scavenges and waits for a full collection, and the parse worker seals a block
    // every ~1 000 events.
    this.staging = this.spare.pop() ?? Buffer.allocUnsafeSlow(BLOCK_BYTES);
    this.size = 0;
  }
}
