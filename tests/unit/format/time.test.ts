import { describe, expect, it } from "vitest";
import { formatTime, formatTimeRange } from "@/lib/format/time";

describe("formatTime", () => {
  it("shows UTC with millisecond precision, cutting microseconds", () => {
    expect(formatTime("2024-09-11T14:16:32.059999Z")).toBe("2024-09-11 14:16:32.059");
  });
  it("converts offsets to UTC", () => {
    expect(formatTime("2024-09-11T16:16:32.5+02:00")).toBe("2024-09-11 14:16:32.500");
  });
  it("can drop the fraction", () => {
    expect(formatTime("2017-06-12T10:00:00Z", "s")).toBe("2017-06-12 10:00:00");
  });
  it("returns unparsable input unchanged and a dash for null", () => {
    expect(formatTime("yesterday")).toBe("yesterday");
    expect(formatTime(null)).toBe("—");
  });
});

describe("formatTimeRange", () => {
  it("joins both ends", () => {
    expect(formatTimeRange("2024-01-01T00:00:00Z", "2024-01-02T03:04:05.6Z")).toBe(
      "2024-01-01 00:00:00 – 2024-01-02 03:04:05",
    );
  });
  it("copes with a missing end", () => {
    expect(formatTimeRange(null, null)).toBe("—");
    expect(formatTimeRange("2024-01-01T00:00:00Z", null)).toBe("2024-01-01 00:00:00");
  });
});
