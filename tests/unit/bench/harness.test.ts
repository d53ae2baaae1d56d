import { describe, expect, it } from "vitest";
import { formatSize, parseBenchArgs } from "@/bench/harness/args";
import { parseIngestSummary } from "@/bench/harness/cli-ingest";
import { percentile, summarize } from "@/bench/harness/percentile";
import { jqRatio10, perSecond, storeRatio } from "@/bench/harness/ratios";
import { figure, formatMeasured, formatTable, formatTarget, section } from "@/bench/harness/table";
import { targetsFor, verdict } from "@/bench/harness/targets";

describe("percentile", () => {
  it("is nearest-rank: always a measured value", () => {
    const values = [5, 1, 4, 2, 3];
    expect(percentile(values, 50)).toBe(3);
    expect(percentile(values, 95)).toBe(5);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile(values, 100)).toBe(5);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
  });

  it("takes the 19th of 20 runs as p95", () => {
    const runs = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(percentile(runs, 95)).toBe(19);
  });

  it("refuses no values and percentiles out of range", () => {
    expect(() => percentile([], 50)).toThrow();
    expect(() => percentile([1], 101)).toThrow();
  });

  it("summarizes without reordering the input", () => {
    const samples = [3, 1, 2];
    expect(summarize(samples)).toEqual({ p50Ms: 2, p95Ms: 3, minMs: 1, maxMs: 3, runs: 3 });
    expect(samples).toEqual([3, 1, 2]);
  });
});

describe("ratios", () => {
  it("compares jq's ten passes with one ingest plus ten dashboard loads", () => {
    // 10 × 25 s of jq against 10 s of ingest + 10 × 0.1 s of dashboard: 250 / 11.
    expect(jqRatio10(25, 10, 0.1)).toBeCloseTo(250 / 11);
  });

  it("derives rates and the store ratio", () => {
    expect(perSecond(300_000, 2)).toBe(150_000);
    expect(perSecond(1, 0)).toBeNull();
    expect(storeRatio(30, 100)).toBeCloseTo(0.3);
  });
});

describe("targets", () => {
  it("judges each direction, and nothing without a figure or a target", () => {
    expect(verdict(150_000, { op: ">=", value: 150_000 })).toBe("✓");
    expect(verdict(149_999, { op: ">=", value: 150_000 })).toBe("✗");
    expect(verdict(300, { op: "<=", value: 300 })).toBe("✓");
    expect(verdict(301, { op: "<=", value: 300 })).toBe("✗");
    expect(verdict(null, { op: "<=", value: 300 })).toBe("–");
    expect(verdict(5, null)).toBe("–");
  });

  it("holds small logs to the 1M figures and large ones to the 10M ones", () => {
    expect(targetsFor(200_000).dashboardP50Ms.value).toBe(150);
    expect(targetsFor(1_000_000).filteredP50Ms).not.toBeNull();
    expect(targetsFor(10_000_000).dashboardP50Ms.value).toBe(1000);
    expect(targetsFor(10_000_000).filteredP50Ms).toBeNull();
  });
});

describe("table", () => {
  it("puts each target and its verdict beside the figure", () => {
    const text = formatTable([
      section("Ingest"),
      figure({ figure: "CLI ingest events/s", measured: 162_345, unit: "/s", target: { op: ">=", value: 150_000 } }),
      figure({ figure: "peak RSS", measured: 412, unit: "MB", target: { op: "<=", value: 300 } }),
      figure({ figure: "jq, one question", measured: null, missing: "jq not installed" }),
    ]);
    const lines = text.split("\n");
    expect(lines[0]).toMatch(/^figure\s+measured\s+target\s+ok$/);
    expect(text).toMatch(/CLI ingest events\/s\s+162,345 \/s\s+≥ 150,000 \/s\s+✓/);
    expect(text).toMatch(/peak RSS\s+412 MB\s+≤ 300 MB\s+✗/);
    expect(text).toMatch(/jq, one question\s+jq not installed\s+–/);
  });

  it("formats units, digits and details", () => {
    expect(formatMeasured(figure({ figure: "x", measured: 12.345, unit: "ms", digits: 1, detail: "(p95 20.0)" }))).toBe("12.3 ms (p95 20.0)");
    expect(formatMeasured(figure({ figure: "x", measured: 17.56, unit: "×", digits: 1 }))).toBe("17.6×");
    expect(formatTarget(figure({ figure: "x", measured: 1, unit: "%", digits: 1, target: { op: "<=", value: 30 } }))).toBe("≤ 30.0%");
    expect(formatTarget(figure({ figure: "x", measured: 1 }))).toBe("");
  });
});

describe("arguments", () => {
  it("has the documented defaults", () => {
    expect(parseBenchArgs([])).toEqual({
      size: 1_000_000,
      sizeLabel: "1m",
      seed: 1,
      runs: 20,
      skipHttp: false,
      skipJq: false,
      keep: false,
      rebuild: false,
      floor: false,
      store: null,
    });
  });

  it("reads sizes as the generator does, with a canonical label", () => {
    const args = parseBenchArgs(["--size", "200k", "--seed", "7", "--runs", "5", "--skip-http", "--skip-jq", "--keep"]);
    expect(args).toMatchObject({ size: 200_000, sizeLabel: "200k", seed: 7, runs: 5, skipHttp: true, skipJq: true, keep: true });
    expect(parseBenchArgs(["--size", "10m"]).sizeLabel).toBe("10m");
    expect(parseBenchArgs(["--floor", "--size", "200k"])).toMatchObject({ floor: true, size: 200_000 });
    expect(parseBenchArgs(["--store", "bench/data/stores/x/cli.db"]).store).toBe("bench/data/stores/x/cli.db");
    expect(formatSize(1_500_000)).toBe("1500k");
    expect(formatSize(1234)).toBe("1234");
  });

  it("rejects what it does not understand", () => {
    expect(() => parseBenchArgs(["--runs", "0"])).toThrow(/--runs/);
    expect(() => parseBenchArgs(["--seed", "x"])).toThrow(/--seed/);
    expect(() => parseBenchArgs(["--bogus"])).toThrow();
    expect(() => parseBenchArgs(["extra"])).toThrow();
  });
});

describe("ingest summary", () => {
  it("reads the counts line of `auditlens ingest`", () => {
    const stdout = "big.log: run 1 in 6.20 s\n  events 400000  added 400000  duplicates 0  invalid 0  requests 200000\n";
    expect(parseIngestSummary(stdout)).toEqual({ events: 400_000, added: 400_000, duplicates: 0, invalid: 0, requests: 200_000 });
    expect(parseIngestSummary("nothing")).toBeNull();
  });
});
