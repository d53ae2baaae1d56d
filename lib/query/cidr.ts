/**
 * Whether an address lies in a CIDR, as the SQLite backend's cidr_match decides (lib/store/sqlite/
 * sql-functions.ts): IPv4 only in IPv4 networks and IPv6 only in IPv6 ones, so ::/0 is not "every IP";
 * a text that is no address is in no network.
 * Pure, without node:net, so that rules and the policy simulator can run it anywhere.
 */

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/**
 * a.b.c.d → its 32-bit value, or null. An octet with a leading zero is refused, as Go's net.ParseIP
 * (the API server's) refuses it: "010" is octal to some parsers and decimal to others.
 */
function ipv4(s: string): number | null {
  if (!IPV4.test(s)) return null;
  return s.split(".").reduce((n, p) => n * 256 + Number(p), 0);
}

/** An IPv6 address (a trailing dotted quad and a %zone allowed, as node's isIP allows them) → 128 bits, or null. */
function ipv6(s: string): bigint | null {
  let text = s.replace(/%[0-9a-zA-Z\-.:]+$/, "");
  const lastColon = text.lastIndexOf(":");
  if (lastColon >= 0 && text.slice(lastColon + 1).includes(".")) {
    const quad = text.slice(lastColon + 1);
    if (!IPV4.test(quad)) return null;
    const v = ipv4(quad)!;
    text = `${text.slice(0, lastColon + 1)}${(v >>> 16).toString(16)}:${(v & 0xffff).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const split = (h: string) => (h === "" ? [] : h.split(":"));
  const head = split(halves[0]!);
  const rest = halves.length === 2 ? split(halves[1]!) : [];
  const groups = [...head, ...rest];
  if (!groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return null;
  if (halves.length === 2 ? groups.length > 7 : groups.length !== 8) return null;
  const all = [...head, ...Array<string>(8 - groups.length).fill("0"), ...rest];
  return all.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}

export function inCidr(ip: string, cidr: string): boolean {
  const slash = cidr.indexOf("/");
  const address = cidr.slice(0, slash);
  const bits = Number(cidr.slice(slash + 1));
  const net4 = ipv4(address);
  if (net4 !== null) {
    const n = ipv4(ip);
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    return n !== null && ((n & mask) >>> 0) === ((net4 & mask) >>> 0);
  }
  const net6 = ipv6(address);
  const n = ipv6(ip);
  if (net6 === null || n === null) return false;
  const shift = BigInt(128 - bits);
  return n >> shift === net6 >> shift;
}

/**
 * An address or a network as a CIDR ("10.0.0.1" → "10.0.0.1/32"), or null when the text is neither: what
 * a setting listing networks (AUDITLENS_TRUSTED_CIDRS) accepts, in the form `ip:` compares as a network.
 */
export function cidrOf(text: string): string | null {
  const slash = text.indexOf("/");
  const address = slash < 0 ? text : text.slice(0, slash);
  const max = ipv4(address) !== null ? 32 : ipv6(address) !== null && !address.includes("%") ? 128 : 0;
  if (max === 0) return null;
  if (slash < 0) return `${address}/${max}`;
  const bits = text.slice(slash + 1);
  return /^\d{1,3}$/.test(bits) && Number(bits) <= max ? text : null;
}
