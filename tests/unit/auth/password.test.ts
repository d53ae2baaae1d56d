import { describe, expect, it } from "vitest";
import { hashPassword, isPasswordHash, verifyPassword } from "@/lib/auth/password";

describe("password hashes", () => {
  it("verifies the password it was made from and nothing else", async () => {
    const hash = await hashPassword("correct horse");
    expect(isPasswordHash(hash)).toBe(true);
    expect(hash).not.toContain("correct horse");
    expect(await verifyPassword("correct horse", hash)).toBe(true);
    expect(await verifyPassword("correct hors", hash)).toBe(false);
    expect(await verifyPassword("", hash)).toBe(false);
  });

  it("salts each hash", async () => {
    expect(await hashPassword("same")).not.toBe(await hashPassword("same"));
  });

  it("refuses malformed hashes rather than throwing", async () => {
    for (const bad of ["", "plain", "scrypt$ln=99,r=8,p=1$AAAA$AAAA", "bcrypt$2b$10$abc"]) {
      expect(isPasswordHash(bad)).toBe(false);
      expect(await verifyPassword("x", bad)).toBe(false);
    }
  });
});
