/**
 * A set of request ids (rowids: dense, positive) as a bitmap: one bit per id up to the largest added,
 * so a run touching every request of a 10M-request store holds 1.25 MB, not a B-tree of 10M rows.
 */
export class IdSet {
  private words = new Uint32Array(1024);
  private count = 0;

  /** Adds an id; returns whether it was new. */
  add(id: number): boolean {
    const word = id >>> 5;
    if (word >= this.words.length) this.grow(word);
    const bit = 1 << (id & 31);
    if ((this.words[word]! & bit) !== 0) return false;
    this.words[word]! |= bit;
    this.count++;
    return true;
  }

  has(id: number): boolean {
    const word = id >>> 5;
    return word < this.words.length && (this.words[word]! & (1 << (id & 31))) !== 0;
  }

  get size(): number {
    return this.count;
  }

  clear(): void {
    this.words = new Uint32Array(1024);
    this.count = 0;
  }

  private grow(word: number): void {
    let length = this.words.length;
    while (length <= word) length *= 2;
    const words = new Uint32Array(length);
    words.set(this.words);
    this.words = words;
  }
}
