import { describe, expect, it } from "vitest";
import { auditIdText, isUuid, storedAuditId } from "@/lib/store/sqlite/audit-id";

describe("stored auditIDs", () => {
  it("store a lowercase UUID as its 16 bytes, and read it back as the same text", () => {
    const id = "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0ff";
    const stored = storedAuditId(id);
    expect(Buffer.isBuffer(stored) && stored.toString("hex")).toBe("0f1e2d3c4b5a49788695a4b3c2d1e0ff");
    expect(auditIdText(stored)).toBe(id);
    expect(isUuid(id)).toBe(true);
  });

  it.each([
    ["uppercase", "0F1E2D3C-4B5A-4978-8695-A4B3C2D1E0FF"],
    ["a dash out of place", "0f1e2d3c4-b5a-4978-8695-a4b3c2d1e0ff"],
    ["a character that is not hex", "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0fg"],
    ["a non-ASCII character", "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0fé"],
    ["one digit short", "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f"],
    ["one digit more", "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0ff0"],
    ["no dashes", "0f1e2d3c4b5a49788695a4b3c2d1e0ff1234"],
    ["made up", "abcde12345"],
  ])("keep an auditID with %s as text", (_, id) => {
    expect(storedAuditId(id)).toBe(id);
    expect(isUuid(id)).toBe(false);
  });
});
