import crypto from "node:crypto";

/**
 * The address a request came from. Next.js passes route handlers no socket, and X-Forwarded-For is whatever
 * the client sent. `npm start` (scripts/peer-address.mjs) writes the socket's address into PEER_HEADER
 * together with a secret drawn when the process started (AUDITLENS_PEER_SECRET), replacing any value the
 * client sent; a header without that secret is not believed.
 */
export const PEER_HEADER = "x-auditlens-peer";

export function peerAddress(value: string | null, secret = process.env.AUDITLENS_PEER_SECRET): string | null {
  if (!value || !secret) return null;
  const space = value.indexOf(" ");
  if (space < 0) return null;
  const given = Buffer.from(value.slice(0, space));
  const expected = Buffer.from(secret);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  return value.slice(space + 1) || null;
}
