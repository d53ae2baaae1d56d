import { brotliCompressSync, brotliDecompressSync, constants, inflateRawSync } from "node:zlib";

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

export function decompressBlock(codec: number, data: Buffer): Buffer {
  return codec === BLOCK_CODEC.brotli ? brotliDecompressSync(data) : inflateRawSync(data);
}

/** A block compressed before it reached the writer (by the parse worker); stored once, when first used. */
export type PackedBlock = { data: Buffer; id: number | null };

/** Where one event's bytes are inside a packed block. */
export type PackedRaw = { block: PackedBlock; offset: number; length: number };

/**
 * Packs events' raw bytes, in order, into compressed blocks: `place` receives each event's block index,
 * offset and length.
 */
export function packBlocks(raws: Iterable<Uint8Array>, place: (block: number, offset: number, length: number) => void): Buffer[] {
  const blocks: Buffer[] = [];
  let parts: Uint8Array[] = [];
  let size = 0;
  const seal = () => {
    blocks.push(compressBlock(Buffer.concat(parts, size)));
    parts = [];
    size = 0;
  };
  for (const raw of raws) {
    if (size > 0 && size + raw.length > BLOCK_BYTES) seal();
    place(blocks.length, size, raw.length);
    parts.push(raw);
    size += raw.length;
  }
  if (size > 0) seal();
  return blocks;
}
