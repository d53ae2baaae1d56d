import "server-only";
import { BlockList, isIP } from "node:net";
import { podSessionPart } from "@/lib/audit/pod-session";
import { parseRbacReason } from "@/lib/audit/rbac-reason";
import { normalizeUserAgent } from "@/lib/audit/user-agent";
import { auditIdText } from "./audit-id";
import type { Db } from "./db";

/**
 * SQL functions the query language needs (field-sql.ts). They run over the distinct values
 * in `strings` inside a subquery, once per query, not once per request row.
 */

type Subnet = { list: BlockList; family: number; v4?: { net: number; mask: number } };

/** a.b.c.d → its 32-bit value, or -1; hand-written because this runs once per string in the store. */
function ipv4(s: string): number {
  const parts = s.split(".");
  if (parts.length !== 4) return -1;
  let n = 0;
  for (const p of parts) {
    // Leading zeros are refused, as Go's net.ParseIP (the API server's) refuses them: "010" is no octet.
    if (!/^(0|[1-9]\d{0,2})$/.test(p)) return -1;
    const v = Number(p);
    if (v > 255) return -1;
    n = n * 256 + v;
  }
  return n;
}
const subnets = new Map<string, Subnet | null>();

/** A CIDR as a BlockList, cached: a query tests every IP string against the same few subnets. */
function subnetOf(cidr: string): Subnet | null {
  let list = subnets.get(cidr);
  if (list !== undefined) return list;
  const slash = cidr.indexOf("/");
  const address = cidr.slice(0, slash);
  const family = isIP(address);
  list = null;
  if (family !== 0) {
    const bl = new BlockList();
    bl.addSubnet(address, Number(cidr.slice(slash + 1)), family === 4 ? "ipv4" : "ipv6");
    const bits = Number(cidr.slice(slash + 1));
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    list = { list: bl, family, v4: family === 4 ? { net: (ipv4(address) & mask) >>> 0, mask } : undefined };
  }
  if (subnets.size > 1000) subnets.clear();
  subnets.set(cidr, list);
  return list;
}

export function cidrMatch(ip: unknown, cidr: unknown): number {
  if (typeof ip !== "string" || typeof cidr !== "string") return 0;
  const subnet4 = subnetOf(cidr)?.v4;
  if (subnet4) {
    const n = ipv4(ip);
    return n >= 0 && ((n & subnet4.mask) >>> 0) === subnet4.net ? 1 : 0;
  }
  const family = isIP(ip);
  if (family === 0) return 0;
  const subnet = subnetOf(cidr);
  // BlockList matches IPv4 addresses against IPv6 rules (as ::ffff:a.b.c.d); ::/0 must not mean "every IP".
  if (!subnet || subnet.family !== family) return 0;
  return subnet.list.check(ip, family === 4 ? "ipv4" : "ipv6") ? 1 : 0;
}

const RBAC_PARTS = new Set(["binding", "role", "subject"]);

export function registerSqlFunctions(db: Db): void {
  const opts = { deterministic: true, directOnly: true } as const;
  db.function("cidr_match", opts, cidrMatch);
  db.function("ua_norm", opts, (ua: unknown) => (typeof ua === "string" ? normalizeUserAgent(ua) : null));
  // The tool without its version: "kubectl/v1.30.3 (…)" → "kubectl".
  db.function("ua_tool", opts, (ua: unknown) => {
    const n = typeof ua === "string" ? normalizeUserAgent(ua) : null;
    const m = n ? /^(\S+) \d/.exec(n) : null;
    return m ? m[1]! : null;
  });
  db.function("rbac_part", opts, (reason: unknown, part: unknown) => {
    if (typeof reason !== "string" || typeof part !== "string" || !RBAC_PARTS.has(part)) return null;
    const r = parseRbacReason(reason);
    return r ? (r[part as "binding" | "role" | "subject"] ?? null) : null;
  });
  // field-sql.ts calls it only on the rows of a pod session subresource, so few requests reach JS.
  db.function("pod_session_part", opts, (subresource: unknown, uri: unknown, part: unknown) => {
    if (typeof uri !== "string" || (part !== "command" && part !== "container")) return null;
    return podSessionPart(part, typeof subresource === "string" ? subresource : null, uri);
  });
  db.function("audit_id_text", opts, (stored: unknown) =>
    typeof stored === "string" || stored instanceof Uint8Array ? auditIdText(stored) : null,
  );
}
