import crypto from "node:crypto";

/** Compares two secrets in time that does not depend on where they differ. */
export function sameSecret(given: string, expected: string): boolean {
  const a = crypto.createHash("sha256").update(given).digest();
  const b = crypto.createHash("sha256").update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

/** What the store keeps of a bearer secret (session or API token): its SHA-256, never the secret. */
export function secretDigest(secret: string): Buffer {
  return crypto.createHash("sha256").update(secret).digest();
}

export function newSecret(prefix: string): string {
  return `${prefix}${crypto.randomBytes(32).toString("base64url")}`;
}
