import { randomBytes } from "node:crypto";

/** 6 random bytes are exactly 8 base64url characters: short to paste, 2^48 values, so guessing one is futile. */
export function shortId(): string {
  return randomBytes(6).toString("base64url");
}

export const SHORT_ID = /^[A-Za-z0-9_-]{8}$/;
