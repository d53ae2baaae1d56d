import { describe, expect, it } from "vitest";
import { filterFromParams } from "@/lib/query/filter";

describe("from/to", () => {
  it.each([
    ["2024-05-10T14:00:00Z", "2024-05-10T14:00:00.000Z"],
    ["2024-05-10T14:00:00", "2024-05-10T14:00:00.000Z"],
    ["2024-05-10T14:00", "2024-05-10T14:00:00.000Z"],
    ["2024-05-10", "2024-05-10T00:00:00.000Z"],
    ["2024-05-10T16:00:00+02:00", "2024-05-10T14:00:00.000Z"],
    ["2024-05-10T14:00:00.000123Z", "2024-05-10T14:00:00.000123Z"],
  ])("reads %s as %s (UTC, microseconds kept)", (input, expected) => {
    expect(filterFromParams({ from: input }).from).toBe(expected);
  });

  it.each([["from", "yesterday"], ["to", "2024-13-01"], ["from", "garbage"], ["to", "2024-02-30"], ["from", "2024-05-10T25:00:00Z"]])(
    "refuses %s=%s, naming it, rather than dropping it",
    (key, value) => {
      expect(() => filterFromParams({ [key]: value })).toThrow(expect.objectContaining({ name: "InvalidParameterError", parameter: key }));
    },
  );
});
