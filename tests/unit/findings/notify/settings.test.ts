import { describe, expect, it, vi } from "vitest";
import { NotifyConfigError, notifySettings } from "@/lib/findings/notify/settings";
import { checkOpsConfiguration } from "@/lib/ops/config";

describe("AUDITLENS_NOTIFY_URL", () => {
  it("is off when unset or empty", () => {
    expect(notifySettings({})).toEqual({ url: null, publicUrl: null });
    expect(notifySettings({ AUDITLENS_NOTIFY_URL: "  " }).url).toBeNull();
  });

  it("takes an http or https URL, and AUDITLENS_PUBLIC_URL as the links' base", () => {
    const s = notifySettings({ AUDITLENS_NOTIFY_URL: "https://hooks.example.com/services/T0/B0/xyz", AUDITLENS_PUBLIC_URL: "https://audit.example.com" });
    expect(s.url?.href).toBe("https://hooks.example.com/services/T0/B0/xyz");
    expect(s.publicUrl?.origin).toBe("https://audit.example.com");
  });

  it("refuses anything else, naming the variable but not repeating its value (a hook URL is a secret)", () => {
    for (const value of ["hooks.example.com/x", "ftp://example.com/x", "not a url"]) {
      expect(() => notifySettings({ AUDITLENS_NOTIFY_URL: value })).toThrow(NotifyConfigError);
      expect(() => notifySettings({ AUDITLENS_NOTIFY_URL: value })).toThrow(/^AUDITLENS_NOTIFY_URL must be an http:\/\/ or https:\/\/ URL$/);
    }
  });

  it("stops the server's start with that message (instrumentation.ts)", () => {
    process.env.AUDITLENS_NOTIFY_URL = "slack please";
    const exit = vi.spyOn(process, "exit").mockImplementation(() => undefined as never);
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      checkOpsConfiguration();
      expect(exit).toHaveBeenCalledWith(1);
      const written = stderr.mock.calls.map((c) => String(c[0])).join("");
      expect(written).toContain("AUDITLENS_NOTIFY_URL must be an http:// or https:// URL");
      expect(written).not.toContain("slack please");
    } finally {
      exit.mockRestore();
      stderr.mockRestore();
      delete process.env.AUDITLENS_NOTIFY_URL;
    }
  });
});
