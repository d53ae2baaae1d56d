import type { Prng } from "./prng";

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const hex8 = (n: number) => HEX[n >>> 24]! + HEX[(n >>> 16) & 255]! + HEX[(n >>> 8) & 255]! + HEX[n & 255]!;
const hex4 = (n: number) => HEX[(n >>> 8) & 255]! + HEX[n & 255]!;

/** A version-4-shaped UUID from the PRNG (crypto.randomUUID would break determinism). */
export function uuid(rng: Prng): string {
  const a = rng.u32();
  const b = ((rng.u32() & 0xffff0fff) | 0x4000) >>> 0;
  const c = ((rng.u32() & 0x3fffffff) | 0x80000000) >>> 0;
  const d = rng.u32();
  return `${hex8(a)}-${hex4(b >>> 16)}-${hex4(b)}-${hex4(c >>> 16)}-${hex4(c)}${hex8(d)}`;
}

export function hex(rng: Prng, length: number): string {
  let out = "";
  while (out.length < length) out += hex8(rng.u32());
  return out.slice(0, length);
}

// The alphabet Kubernetes uses for generated name suffixes and pod-template-hash (no vowels, no 0/1/3).
const K8S_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

export function k8sSuffix(rng: Prng, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += K8S_ALPHABET[rng.int(K8S_ALPHABET.length)];
  return out;
}

/** A pod-template-hash such as `7f9c5d6b8`: 8–10 characters. */
export function templateHash(rng: Prng): string {
  return k8sSuffix(rng, rng.range(8, 10));
}
