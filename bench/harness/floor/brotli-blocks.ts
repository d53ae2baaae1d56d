import { brotliCompressSync, constants } from "node:zlib";

const BLOCK_BYTES = 1 << 20;

/**
 * Packs events' bytes into 1 MiB blocks and compresses each when full, as the store's blocks are
 * (lib/store/raw-blocks.ts), at a quality of the caller's choosing. An event larger than a block is a
 * block of its own.
 */
export class BrotliBlocks {
  private readonly staging = Buffer.allocUnsafe(BLOCK_BYTES);
  private size = 0;
  compressedBytes = 0;

  constructor(private readonly quality: number) {}

  add(bytes: Uint8Array): void {
    if (this.size > 0 && this.size + bytes.length > BLOCK_BYTES) this.seal();
    if (bytes.length > BLOCK_BYTES) return this.compress(bytes);
    this.staging.set(bytes, this.size);
    this.size += bytes.length;
  }

  seal(): void {
    if (this.size > 0) this.compress(this.staging.subarray(0, this.size));
    this.size = 0;
  }

  private compress(data: Uint8Array): void {
    const params = { [constants.BROTLI_PARAM_QUALITY]: this.quality, [constants.BROTLI_PARAM_LGWIN]: 21, [constants.BROTLI_PARAM_SIZE_HINT]: data.length };
    this.compressedBytes += brotliCompressSync(data, { params }).length;
  }
}
