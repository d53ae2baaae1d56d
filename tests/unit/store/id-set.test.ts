import { describe, expect, it } from "vitest";
import { IdSet } from "@/lib/store/sqlite/id-set";

describe("IdSet", () => {
  it("counts distinct ids, across word boundaries and growth", () => {
    const set = new IdSet();
    for (const id of [1, 31, 32, 33, 1, 32, 5_000_000, 5_000_000, 2 ** 33 + 1, 65_536, 65_535]) set.add(id);
    expect(set.size).toBe(8);
    expect(set.has(2 ** 33 + 1)).toBe(true);
    expect(set.has(2 ** 33)).toBe(false);
    expect(set.has(31)).toBe(true);
    expect(set.has(30)).toBe(false);
    expect(set.has(5_000_000)).toBe(true);
    expect(set.has(9_999_999)).toBe(false);
  });

  it("is empty after clear", () => {
    const set = new IdSet();
    set.add(7);
    set.clear();
    expect(set.size).toBe(0);
    expect(set.has(7)).toBe(false);
    expect(set.add(7)).toBe(true);
  });
});
