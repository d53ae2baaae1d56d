import { describe, expect, it } from "vitest";
import { formatMicros, parseMicros } from "@/lib/time/micros";

const ms = (iso: string) => Date.parse(iso) * 1000;

describe("parseMicros", () => {
  it.each([
    ["2024-05-10T12:00:01.123456Z", ms("2024-05-10T12:00:01Z") + 123_456],
    ["2024-05-10T12:00:01Z", ms("2024-05-10T12:00:01Z")],
    ["2024-05-10T12:00:01.5Z", ms("2024-05-10T12:00:01Z") + 500_000],
    ["2024-05-10T12:00:01.123456789Z", ms("2024-05-10T12:00:01Z") + 123_456],
    ["2024-05-10T12:00:01,25Z", ms("2024-05-10T12:00:01Z") + 250_000],
    ["2024-05-10T12:00:01.000001z", ms("2024-05-10T12:00:01Z") + 1],
    ["2024-05-10T14:00:01.5+02:00", ms("2024-05-10T12:00:01Z") + 500_000],
    ["2024-05-10T12:00:01.5-0130", ms("2024-05-10T13:30:01Z") + 500_000],
    ["2024-12-31T23:59:59.999999Z", ms("2024-12-31T23:59:59Z") + 999_999],
  ])("%s", (text, expected) => {
    expect(parseMicros(text)).toBe(expected);
  });

  it.each(["2024-05-10T12:00:60Z", "2024-05-10T12:60:00Z", "2024-13-10T12:00:00Z", "2024-05-10T12:00:01.Z", "2024-05-10 12:00:01Z", "2024-05-10T12:00:0xZ", "yesterday", ""])(
    "%s is not a time",
    (text) => {
      expect(parseMicros(text)).toBeNaN();
    },
  );

  it("gives the same answer whichever minute it parsed before", () => {
    const times = ["2024-05-10T12:00:01.1Z", "2024-05-10T12:01:02.2Z", "2024-05-10T12:00:03.3Z", "2023-01-01T00:00:00Z", "2024-05-10T12:00:01.1Z"];
    const first = times.map(parseMicros);
    expect(times.map(parseMicros)).toEqual(first);
    expect(first.map(formatMicros)).toEqual([
      "2024-05-10T12:00:01.100000Z",
      "2024-05-10T12:01:02.200000Z",
      "2024-05-10T12:00:03.300000Z",
      "2023-01-01T00:00:00.000000Z",
      "2024-05-10T12:00:01.100000Z",
    ]);
  });
});
