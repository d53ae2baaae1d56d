import { describe, expect, it } from "vitest";
import { formatCompact, formatCount, formatNumber } from "@/lib/format/number";

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

describe("formatCompact", () => {
  it("shortens thousands and millions so an axis label fits", () => {
    expect(formatCompact(340)).toBe("340");
    expect(formatCompact(7500)).toBe("7.5K");
    expect(formatCompact(10000)).toBe("10K");
    expect(formatCompact(1_200_000)).toBe("1.2M");
  });
});
