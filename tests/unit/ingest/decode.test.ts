import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodeStream } from "@/lib/ingest/decode";
import { parseAuditStream } from "@/lib/ingest/parse";
import type { ParsedItem } from "@/lib/ingest/types";
import { makeEvent } from "../helpers/events";
import { chunked } from "./helpers";

async function decodeAll(source: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of decodeStream(source)) parts.push(chunk);
  return Buffer.concat(parts).toString("utf8");
}

async function decodeBytes(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of decodeStream(source)) parts.push(chunk);
  return Buffer.concat(parts);
}

const TEXT = '{"auditID":"a"}\n{"auditID":"b"}\n';

describe("decodeStream", () => {
  it("passes plain input through unchanged", async () => {
    expect(await decodeAll(chunked(TEXT))).toBe(TEXT);
    expect(await decodeAll(chunked(TEXT, 1))).toBe(TEXT);
  });

  it("yields nothing for empty input, and passes a 1-byte input through", async () => {
    expect(await decodeAll(chunked(""))).toBe("");
    expect(await decodeAll(chunked("\n"))).toBe("\n");
  });

  it("gunzips input recognised by its magic bytes", async () => {
    expect(await decodeAll(chunked(gzipSync(TEXT)))).toBe(TEXT);
  });

  it("recognises gzip when the first chunk holds a single byte", async () => {
    expect(await decodeAll(chunked(gzipSync(TEXT), 1))).toBe(TEXT);
    expect(await decodeAll(chunked(gzipSync(TEXT), 7))).toBe(TEXT);
  });

  it("gunzips concatenated gzip members (cat a.gz b.gz)", async () => {
    const two = Buffer.concat([gzipSync("first\n"), gzipSync("second\n")]);
    expect(await decodeAll(chunked(two))).toBe("first\nsecond\n");
    expect(await decodeAll(chunked(two, 1))).toBe("first\nsecond\n");
  });

  it("treats a 0x1f that is not followed by 0x8b as plain text", async () => {
    const text = Buffer.from([0x1f, 0x41, 0x0a]);
    expect(await decodeAll(chunked(text, 1))).toBe("\u001fA\n");
  });

  it("fails with a clear error on corrupt gzip data", async () => {
    const gz = gzipSync(TEXT);
    gz[gz.length - 6]! ^= 0xff; // inside the CRC-32 trailer
    await expect(decodeAll(chunked(gz))).rejects.toThrow(/^corrupt gzip data: /);
  });

  it("fails with a clear error on a truncated gzip stream instead of hanging", async () => {
    const gz = gzipSync(TEXT.repeat(100));
    await expect(decodeAll(chunked(gz.subarray(0, gz.length - 20), 5))).rejects.toThrow(
      "truncated gzip data: the file ends before its gzip stream does",
    );
  });

  it("fails on a gzip header followed by garbage", async () => {
    await expect(decodeAll(chunked(Buffer.from([0x1f, 0x8b, 0x00, 0x00, 0x00, 0x00])))).rejects.toThrow(/corrupt gzip data/);
  });

  it("passes a source's own error through unchanged", async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield gzipSync(TEXT).subarray(0, 10);
      throw new Error("upload aborted");
    }
    await expect(decodeAll(failing())).rejects.toThrow(/^upload aborted$/);
  });

  it("transcodes UTF-16LE with a BOM (Windows PowerShell redirection) to UTF-8", async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"user":"zoë"}\r\n', "utf16le")]);
    expect(await decodeAll(chunked(utf16, 3))).toBe('{"user":"zoë"}\r\n');
  });

  it("reads a UTF-8 file that starts with the bytes FF FE as UTF-8, not as UTF-16", async () => {
    const utf8 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"user":"zoë"}\n{"user":"bob"}\n', "utf8")]);
    for (const size of [1, 3, 64]) expect(await decodeBytes(chunked(utf8, size))).toEqual(utf8);
    // Too short to hold UTF-16 text after the BOM: passed through as it came.
    expect(await decodeBytes(chunked(Buffer.from([0xff, 0xfe]), 1))).toEqual(Buffer.from([0xff, 0xfe]));
  });

  it("keeps the events of such a file, which read as UTF-16 were all noise", async () => {
    const lines = [makeEvent({ auditID: "ff-1" }), makeEvent({ auditID: "ff-2" })].map((e) => JSON.stringify(e)).join("\n");
    const items: ParsedItem[] = [];
    for await (const batch of parseAuditStream(chunked(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines)])))) items.push(...batch);
    expect(items.map((i) => (i.kind === "event" ? i.event.auditID : i.reason))).toEqual(["ff-1", "ff-2"]);
  });

  it("closes the source when the consumer stops early", async () => {
    let closed = false;
    async function* source(): AsyncGenerator<Uint8Array> {
      try {
        for (;;) yield Buffer.from("line\n");
      } finally {
        closed = true;
      }
    }
    for await (const chunk of decodeStream(source())) {
      expect(chunk.toString()).toBe("line\n");
      break;
    }
    expect(closed).toBe(true);
  });

  it("closes a gzip source when the consumer stops early", async () => {
    let closed = false;
    const gz = gzipSync("line\n".repeat(100_000));
    async function* source(): AsyncGenerator<Uint8Array> {
      try {
        for (let i = 0; i < gz.length; i += 1024) yield gz.subarray(i, i + 1024);
      } finally {
        closed = true;
      }
    }
    for await (const chunk of decodeStream(source())) {
      expect(chunk.toString().startsWith("line\n")).toBe(true);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(true);
  });
});
