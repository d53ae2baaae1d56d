import { describe, expect, it } from "vitest";
import { NotifyConfigError, notifySettings } from "@/lib/findings/notify/settings";

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
});
