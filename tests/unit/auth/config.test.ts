import { describe, expect, it } from "vitest";
import { addressIn, authConfigFrom, AuthConfigError, signInEnabled } from "@/lib/auth/config";

describe("sign-in configuration", () => {
  it("is off with no method configured", () => {
    expect(signInEnabled(authConfigFrom({}))).toBe(false);
    expect(signInEnabled(authConfigFrom({ AUDITLENS_ACCESS_TOKEN: "0123456789abcdef" }))).toBe(true);
  });

  it.each([
    [{ AUDITLENS_ACCESS_TOKEN: "short" }, "AUDITLENS_ACCESS_TOKEN"],
    [{ AUDITLENS_PROXY_USER_HEADER: "x-user", AUDITLENS_USERS_FILE: "u.yaml" }, "AUDITLENS_TRUSTED_PROXIES"],
    [{ AUDITLENS_PROXY_USER_HEADER: "x-user", AUDITLENS_USERS_FILE: "u.yaml", AUDITLENS_TRUSTED_PROXIES: "10.0.0.0/33" }, "AUDITLENS_TRUSTED_PROXIES"],
    [{ AUDITLENS_OIDC_ISSUER: "https://idp.example", AUDITLENS_USERS_FILE: "u.yaml", AUDITLENS_PUBLIC_URL: "https://a.example" }, "AUDITLENS_OIDC_CLIENT_ID"],
    [{ AUDITLENS_PUBLIC_URL: "ftp://x" }, "AUDITLENS_PUBLIC_URL"],
    [{ AUDITLENS_SESSION_HOURS: "0" }, "AUDITLENS_SESSION_HOURS"],
  ])("a bad configuration names its variable: %j", (env, variable) => {
    expect(() => authConfigFrom(env)).toThrow(AuthConfigError);
    expect(() => authConfigFrom(env)).toThrow(variable);
  });

  it("matches addresses against CIDR ranges, IPv4-mapped IPv6 included", () => {
    const ranges = ["10.0.0.0/8", "fd00::/8", "192.168.1.7"];
    expect(addressIn("10.2.3.4", ranges)).toBe(true);
    expect(addressIn("::ffff:10.2.3.4", ranges)).toBe(true);
    expect(addressIn("11.0.0.1", ranges)).toBe(false);
    expect(addressIn("fd12::1", ranges)).toBe(true);
    expect(addressIn("192.168.1.7", ranges)).toBe(true);
    expect(addressIn("192.168.1.8", ranges)).toBe(false);
    expect(addressIn("not an ip", ranges)).toBe(false);
  });
});
