import { describe, expect, it } from "vitest";
import { chooseBucketMs, timelineFrame } from "@/lib/audit/timeline";

describe("chooseBucketMs", () => {
  it("picks the smallest readable bucket that keeps the chart at or under 200 bars", () => {
    expect(chooseBucketMs(60_000)).toBe(1000); // a minute: 60 one-second bars
    expect(chooseBucketMs(15 * 60_000)).toBe(5000); // 15 min: 180 bars
    expect(chooseBucketMs(3600_000)).toBe(30_000); // 1 h: 120 bars
    expect(chooseBucketMs(24 * 3600_000)).toBe(10 * 60_000); // 24 h: 144 bars
    expect(chooseBucketMs(7 * 24 * 3600_000)).toBe(3600_000); // 7 d: 168 bars
    expect(chooseBucketMs(180 * 24 * 3600_000)).toBe(24 * 3600_000); // half a year: a day per bar
    expect(chooseBucketMs(8 * 365 * 24 * 3600_000)).toBe(30 * 24 * 3600_000); // years of uploaded logs: 30-day bars
  });
});

describe("chooseBucketMs on absurd ranges", () => {
  it("keeps the chart at 200 bars or fewer for a range of millennia", () => {
    const span = Date.parse("9999-12-31T00:00:00Z") - Date.parse("0001-01-01T00:00:00Z");
    expect(span / chooseBucketMs(span)).toBeLessThanOrEqual(200);
  });
});

describe("timelineFrame", () => {
  const HOUR_US = 3600e6;
  const NOON_US = Date.parse("2024-05-10T12:00:00Z") * 1000;

  it("starts at the bucket holding `from` and ends with the one holding the instant before `to`", () => {
    // A day and a bit: 10-minute buckets, the first starting on the 10 minutes before `from`.
    const frame = timelineFrame(NOON_US + 7 * 60e6, NOON_US + 24 * HOUR_US + 7 * 60e6);
    expect(frame).toEqual({ bucketMs: 600_000, bucketUs: 600e6, originUs: NOON_US, bars: 145 });
  });

  it("needs no extra bar when `to` falls on a bucket edge", () => {
    expect(timelineFrame(NOON_US, NOON_US + HOUR_US)).toEqual({ bucketMs: 30_000, bucketUs: 30e6, originUs: NOON_US, bars: 120 });
  });

  it("aligns day buckets to UTC midnight", () => {
    const frame = timelineFrame(NOON_US, NOON_US + 180 * 24 * HOUR_US);
    expect(frame.bucketMs).toBe(24 * 3600_000);
    expect(new Date(frame.originUs / 1000).toISOString()).toBe("2024-05-10T00:00:00.000Z");
    expect(frame.bars).toBe(181);
  });
});
