/** Ids a page of the bitmap covers. */
const PAGE_IDS = 1 << 16;

/**
 * A set of request ids (rowids: dense, positive) as a bitmap in 8 KiB pages of 65 536 ids, made when
 * first used: a run touching every request of a 10M-request store holds 1.25 MB, not a B-tree of 10M
 * rows, and a webhook delivery touching a few recent requests holds one or two pages.
 */
export class IdSet {
  private pages = new Map<number, Uint32Array>();
  private count = 0;

  /** Adds an id; returns whether it was new. */
  add(id: number): boolean {
    const key = Math.floor(id / PAGE_IDS);
    let page = this.pages.get(key);
    if (!page) {
      page = new Uint32Array(PAGE_IDS / 32);
      this.pages.set(key, page);
    }
    const within = id - key * PAGE_IDS;
    const bit = 1 << (within & 31);
    const word = within >>> 5;
    if ((page[word]! & bit) !== 0) return false;
    page[word]! |= bit;
    this.count++;
    return true;
  }

  has(id: number): boolean {
    const key = Math.floor(id / PAGE_IDS);
    const page = this.pages.get(key);
    const within = id - key * PAGE_IDS;
    return page !== undefined && (page[within >>> 5]! & (1 << (within & 31))) !== 0;
  }

  get size(): number {
    return this.count;
  }

  clear(): void {
    this.pages.clear();
    this.count = 0;
  }
}
