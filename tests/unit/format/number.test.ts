import { describe, expect, it } from "vitest";
import { formatCount, formatNumber } from "@/lib/format/number";

describe("formatNumber", () => {
  it("groups thousands with commas regardless of the host locale", () => {
    expect(formatNumber(0)).toBe("0");
    expect(formatNumber(1234567)).toBe("1,234,567");
  });
  it("shows a dash for non-finite values", () => {
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe("—");
  });
});

describe("formatCount", () => {
  it("uses the singular only for exactly one", () => {
    expect(formatCount(1, "request")).toBe("1 request");
    expect(formatCount(0, "request")).toBe("0 requests");
    expect(formatCount(2500, "entry", "entries")).toBe("2,500 entries");
  });
});
