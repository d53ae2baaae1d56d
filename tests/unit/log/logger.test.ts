import { describe, expect, it } from "vitest";
import { formatLine, logFormat } from "@/lib/log/logger.mjs";

const at = new Date("2026-12-07T10:00:00.000Z");

describe("log lines", () => {
  it("are one JSON object per line with time, level, message and the fields", () => {
    const line = formatLine("info", "webhook delivery stored", { runId: 7, status: 200 }, "json", at);
    expect(JSON.parse(line)).toEqual({ time: "2026-12-07T10:00:00.000Z", level: "info", message: "webhook delivery stored", runId: 7, status: 200 });
  });

  it("keep a field from passing itself off as the level or message", () => {
    const line = JSON.parse(formatLine("warn", "real", { level: "info", message: "forged", ok: true }, "json", at)) as Record<string, unknown>;
    expect(line).toMatchObject({ level: "warn", message: "real", ok: true });
  });

  it("stay on one line in JSON whatever the message holds", () => {
    const line = formatLine("error", "first\nsecond", { error: new Error("boom\nstack") }, "json", at);
    expect(line).not.toContain("\n");
    expect(JSON.parse(line)).toMatchObject({ message: "first\nsecond", error: "boom\nstack" });
  });

  it("read as text otherwise, quoting values with spaces", () => {
    expect(formatLine("info", "stopped", { signal: "SIGTERM", path: "/var/log/a b.log" }, "text", at)).toBe(
      '2026-12-07T10:00:00.000Z info  stopped signal=SIGTERM path="/var/log/a b.log"',
    );
  });

  it("take their format from AUDITLENS_LOG_FORMAT, refusing a value it does not know by name", () => {
    expect(logFormat({})).toBe("text");
    expect(logFormat({ AUDITLENS_LOG_FORMAT: "json" })).toBe("json");
    expect(() => logFormat({ AUDITLENS_LOG_FORMAT: "JSON-lines" })).toThrow(/AUDITLENS_LOG_FORMAT/);
  });
});
