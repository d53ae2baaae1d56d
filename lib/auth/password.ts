import crypto from "node:crypto";
import { promisify } from "node:util";

const scrypt = promisify(crypto.scrypt) as (password: string, salt: Buffer, keylen: number, options: crypto.ScryptOptions) => Promise<Buffer>;

// OWASP's scrypt floor (N=2^17, r=8, p=1) costs 128 MiB and ~0.3 s a sign-in here; 2^15 is the value
// Node's docs and most libraries ship and keeps a burst of sign-ins from taking the server's memory.
const LOG_N = 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const maxmem = (logN: number, r: number) => 256 * r * 2 ** logN;

const HASH = /^scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

/** A password hash for the users file: `scrypt$ln=15,r=8,p=1$<salt>$<key>` (base64). */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await scrypt(password.normalize("NFC"), salt, KEY_LENGTH, { N: 2 ** LOG_N, r: R, p: P, maxmem: maxmem(LOG_N, R) });
  return `scrypt$ln=${LOG_N},r=${R},p=${P}$${salt.toString("base64")}$${key.toString("base64")}`;
}

export function isPasswordHash(value: string): boolean {
  const m = HASH.exec(value);
  return !!m && Number(m[1]) >= 10 && Number(m[1]) <= 20 && Number(m[2]) >= 1 && Number(m[3]) >= 1;
}

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const m = HASH.exec(hash);
  if (!m || !isPasswordHash(hash)) return false;
  const [logN, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const expected = Buffer.from(m[5]!, "base64");
  const key = await scrypt(password.normalize("NFC"), Buffer.from(m[4]!, "base64"), expected.length, { N: 2 ** logN, r, p, maxmem: maxmem(logN, r) });
  return key.length === expected.length && crypto.timingSafeEqual(key, expected);
}
