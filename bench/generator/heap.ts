type Pending = { at: number; seq: number; line: string };

/**
 * Stage events waiting for their stageTimestamp: a binary min-heap on (time, insertion order), so the
 * log comes out in stage-timestamp order, as the API server writes it, and ties break the same way on
 * every run.
 */
export class PendingEvents {
  private readonly items: Pending[] = [];
  private seq = 0;

  get size(): number {
    return this.items.length;
  }

  /** Time of the earliest pending event; only meaningful when size > 0. */
  peekAt(): number {
    return this.items[0]!.at;
  }

  push(at: number, line: string): void {
    const items = this.items;
    const item = { at, seq: this.seq++, line };
    let i = items.length;
    items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(item, items[parent]!)) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = item;
  }

  pop(): string {
    const items = this.items;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length > 0) {
      let i = 0;
      const n = items.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const child = r < n && before(items[r]!, items[l]!) ? r : l;
        if (!before(items[child]!, last)) break;
        items[i] = items[child]!;
        i = child;
      }
      items[i] = last;
    }
    return top.line;
  }
}

function before(a: Pending, b: Pending): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
