import { describe, expect, it } from "vitest";
import { durationBetween, formatDuration, formatLatency } from "@/lib/format/duration";

describe("formatLatency", () => {
  it("keeps precision for fast requests", () => {
    expect(formatLatency(0.412)).toBe("0.41 ms");
    expect(formatLatency(42.37)).toBe("42.4 ms");
    expect(formatLatency(1234.5)).toBe("1,235 ms");
  });
  it("switches to seconds and minutes for long-running requests", () => {
    expect(formatLatency(12_345)).toBe("12.3 s");
    expect(formatLatency(300_000)).toBe("5m 00s");
  });
  it("shows a dash when unknown", () => {
    expect(formatLatency(null)).toBe("—");
  });
});

describe("formatDuration", () => {
  it("picks the two largest units", () => {
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(65_000)).toBe("1m 05s");
    expect(formatDuration(2 * 3_600_000 + 3 * 60_000)).toBe("2h 03m");
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe("3d 4h");
  });
});

describe("durationBetween", () => {
  it("measures between two ISO times", () => {
    expect(durationBetween("2024-01-01T00:00:00Z", "2024-01-01T00:00:01.5Z")).toBe(1500);
  });
  it("is null while a run has not ended", () => {
    expect(durationBetween("2024-01-01T00:00:00Z", null)).toBeNull();
  });
});
