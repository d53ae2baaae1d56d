import { describe, expect, it } from "vitest";
import { RetentionSettingsError, retentionSettings } from "@/lib/retention/settings";

describe("retention settings", () => {
  it("are off when unset or empty", () => {
    expect(retentionSettings({})).toEqual({ days: null, maxGb: null });
    expect(retentionSettings({ AUDITLENS_RETENTION_DAYS: "", AUDITLENS_RETENTION_MAX_GB: " " })).toEqual({ days: null, maxGb: null });
  });

  it("read days and gigabytes, fractions included", () => {
    expect(retentionSettings({ AUDITLENS_RETENTION_DAYS: "30", AUDITLENS_RETENTION_MAX_GB: "0.5" })).toEqual({ days: 30, maxGb: 0.5 });
  });

  it.each([
    ["AUDITLENS_RETENTION_DAYS", "thirty"],
    ["AUDITLENS_RETENTION_DAYS", "0"],
    ["AUDITLENS_RETENTION_DAYS", "-3"],
    ["AUDITLENS_RETENTION_MAX_GB", "10GB"],
    ["AUDITLENS_RETENTION_MAX_GB", "Infinity"],
  ])("refuse %s=%s, naming it, rather than guess", (name, value) => {
    expect(() => retentionSettings({ [name]: value })).toThrow(RetentionSettingsError);
    expect(() => retentionSettings({ [name]: value })).toThrow(name);
  });
});
