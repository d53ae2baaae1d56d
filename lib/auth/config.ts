import net from "node:net";
import { z } from "zod";

const optional = z.string().trim().optional().transform((v) => (v ? v : undefined));
const list = optional.transform((v) => (v ? v.split(",").map((s) => s.trim()).filter(Boolean) : []));

/** IPv4/IPv6 addresses and CIDR ranges (`10.0.0.0/8`, `::1`). */
const cidr = z.string().refine((v) => blockListOf([v]) !== null, { message: "not an IP address or CIDR range" });

const envSchema = z.object({
  AUDITLENS_USERS_FILE: optional,
  AUDITLENS_ACCESS_TOKEN: optional.refine((v) => v === undefined || v.length >= 16, "must be at least 16 characters"),
  AUDITLENS_OIDC_ISSUER: optional.pipe(z.url({ protocol: /^https?$/ }).optional()),
  AUDITLENS_OIDC_CLIENT_ID: optional,
  AUDITLENS_OIDC_CLIENT_SECRET: optional,
  AUDITLENS_OIDC_GROUPS_CLAIM: optional.transform((v) => v ?? "groups"),
  AUDITLENS_OIDC_SCOPES: optional.transform((v) => v ?? "openid profile email"),
  AUDITLENS_PROXY_USER_HEADER: optional.transform((v) => v?.toLowerCase()),
  AUDITLENS_PROXY_GROUPS_HEADER: optional.transform((v) => v?.toLowerCase()),
  AUDITLENS_TRUSTED_PROXIES: list.pipe(z.array(cidr)),
  AUDITLENS_PUBLIC_URL: optional.pipe(z.url({ protocol: /^https?$/ }).optional()),
  AUDITLENS_ALLOWED_HOSTS: list,
  AUDITLENS_SESSION_HOURS: optional.transform((v) => (v === undefined ? 12 : Number(v))).pipe(z.number().int().min(1).max(24 * 90)),
});

export type AuthConfig = {
  usersFile: string | null;
  accessToken: string | null;
  oidc: { issuer: string; clientId: string; clientSecret: string | null; groupsClaim: string; scopes: string } | null;
  proxy: { userHeader: string; groupsHeader: string | null; trusted: string[] } | null;
  publicUrl: URL | null;
  allowedHosts: string[];
  sessionHours: number;
};

export class AuthConfigError extends Error {}

/** The sign-in configuration from the environment; a bad value is an error naming the variable. */
export function authConfigFrom(env: Record<string, string | undefined>): AuthConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new AuthConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  }
  const e = parsed.data;
  if (e.AUDITLENS_OIDC_ISSUER && !e.AUDITLENS_OIDC_CLIENT_ID) throw new AuthConfigError("AUDITLENS_OIDC_ISSUER is set but AUDITLENS_OIDC_CLIENT_ID is not");
  if (e.AUDITLENS_PROXY_USER_HEADER && e.AUDITLENS_TRUSTED_PROXIES.length === 0) {
    throw new AuthConfigError("AUDITLENS_PROXY_USER_HEADER is set but AUDITLENS_TRUSTED_PROXIES is not: name the proxy's addresses, or anyone could send the header");
  }
  if ((e.AUDITLENS_OIDC_ISSUER || e.AUDITLENS_PROXY_USER_HEADER) && !e.AUDITLENS_USERS_FILE) {
    throw new AuthConfigError("OpenID Connect and proxy sign-in map groups to roles through AUDITLENS_USERS_FILE's `groups`: set AUDITLENS_USERS_FILE");
  }
  if (e.AUDITLENS_OIDC_ISSUER && !e.AUDITLENS_PUBLIC_URL) throw new AuthConfigError("OpenID Connect needs AUDITLENS_PUBLIC_URL for its redirect URL");
  return {
    usersFile: e.AUDITLENS_USERS_FILE ?? null,
    accessToken: e.AUDITLENS_ACCESS_TOKEN ?? null,
    oidc: e.AUDITLENS_OIDC_ISSUER
      ? {
          issuer: e.AUDITLENS_OIDC_ISSUER,
          clientId: e.AUDITLENS_OIDC_CLIENT_ID!,
          clientSecret: e.AUDITLENS_OIDC_CLIENT_SECRET ?? null,
          groupsClaim: e.AUDITLENS_OIDC_GROUPS_CLAIM,
          scopes: e.AUDITLENS_OIDC_SCOPES,
        }
      : null,
    proxy: e.AUDITLENS_PROXY_USER_HEADER
      ? { userHeader: e.AUDITLENS_PROXY_USER_HEADER, groupsHeader: e.AUDITLENS_PROXY_GROUPS_HEADER ?? null, trusted: e.AUDITLENS_TRUSTED_PROXIES }
      : null,
    publicUrl: e.AUDITLENS_PUBLIC_URL ? new URL(e.AUDITLENS_PUBLIC_URL) : null,
    allowedHosts: e.AUDITLENS_ALLOWED_HOSTS.map((h) => h.toLowerCase()),
    sessionHours: e.AUDITLENS_SESSION_HOURS,
  };
}

/** Sign-in is on as soon as one way to sign in is configured; without one, Auditlens serves loopback only. */
export function signInEnabled(config: AuthConfig): boolean {
  return !!(config.usersFile || config.accessToken || config.oidc || config.proxy);
}

let cached: { key: string; config: AuthConfig } | null = null;

/** The process's configuration (read again only when the variables change: tests set them). */
export function authConfig(): AuthConfig {
  const key = Object.keys(envSchema.shape).map((k) => process.env[k] ?? "").join("\0");
  if (cached?.key !== key) cached = { key, config: authConfigFrom(process.env) };
  return cached.config;
}

/** A BlockList of the ranges (IPv4 and IPv6, bare addresses as /32 or /128); null when one is malformed. */
function blockListOf(ranges: string[]): net.BlockList | null {
  const list = new net.BlockList();
  for (const range of ranges) {
    const [address = "", bits, extra] = range.split("/");
    const family = net.isIP(address);
    if (!family || extra !== undefined) return null;
    const max = family === 4 ? 32 : 128;
    const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
    if (!(prefix >= 0 && prefix <= max)) return null;
    list.addSubnet(address, prefix, family === 4 ? "ipv4" : "ipv6");
  }
  return list;
}

/** Whether `address` (IPv4, IPv6 or IPv4-mapped IPv6) falls in one of the CIDR ranges. */
export function addressIn(address: string, ranges: string[]): boolean {
  const list = blockListOf(ranges);
  if (!list) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const ip = mapped ? mapped[1]! : address;
  const family = net.isIP(ip);
  return family !== 0 && list.check(ip, family === 4 ? "ipv4" : "ipv6");
}
